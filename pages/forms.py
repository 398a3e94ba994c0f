"""Small helpers every app's views share."""


def posted(request):
    """The submitted data on a POST, even an empty one, so the form is bound and its
    "Enter your…" messages show; None on a GET, so the form starts unbound."""
    return request.POST if request.method == "POST" else None


def posted_id(request, name):
    """A whole number from the submitted form (an id chosen from a list), or None if the value
    is missing or is not one, so a tampered form gets a 404 or a message rather than an error."""
    value = (request.POST.get(name) or "").strip()
    return int(value) if value.isdigit() and len(value) < 19 else None
