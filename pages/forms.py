"""Small helpers every app's views share."""


def posted(request):
    """The submitted data on a POST, even an empty one, so the form is bound and its
    "Enter your…" messages show; None on a GET, so the form starts unbound."""
    return request.POST if request.method == "POST" else None
