"""Uploads bounded before they are read: a file over the limit is never held whole, in memory
or on disk.

Django parses a multipart body as soon as anything reads ``request.POST`` (the CSRF check does,
before the view runs) and by default keeps every uploaded byte. A view that takes a file sets
``request.upload_handlers`` to :class:`BoundedUpload` first (so it must be ``csrf_exempt`` and
check CSRF itself afterwards, as Django's documentation describes); the handler keeps at most
the limit in memory and marks the request if the file was bigger.
"""

from functools import wraps
from io import BytesIO

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.views.decorators.csrf import csrf_exempt, csrf_protect

# A multipart body carries the file plus boundaries, headers and the CSRF token.
ENVELOPE_BYTES = 64 * 1024


def declared_too_big(request, limit):
    """The body's declared length already rules the file out (no need to read a byte)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > limit + ENVELOPE_BYTES


def bounded(limit):
    """For a view that takes a file of at most ``limit`` bytes: the upload is bounded before
    anything reads the body, then the CSRF check runs. A body declared too big keeps no file;
    the view sees ``request.upload_too_big`` either way and says so."""

    def decorate(view):
        checked = csrf_protect(view)

        @csrf_exempt  # the CSRF check reads the body, so it runs after the bound is set
        @wraps(view)
        def bounded_view(request, *args, **kwargs):
            if request.method == "POST":
                if declared_too_big(request, limit):
                    request.upload_too_big = True
                    request.upload_handlers = []
                else:
                    request.upload_handlers = [BoundedUpload(request, limit)]
            return checked(request, *args, **kwargs)

        return bounded_view

    return decorate


class BoundedUpload(FileUploadHandler):
    """Keep each uploaded file in memory up to ``limit`` bytes; beyond it, drop the file and
    set ``request.upload_too_big``."""

    def __init__(self, request, limit):
        super().__init__(request)
        self.limit = limit
        request.upload_too_big = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = BytesIO()
        self.dropped = False

    def receive_data_chunk(self, raw_data, start):
        if self.dropped:
            return None
        if self.buffer.tell() + len(raw_data) > self.limit:
            self.dropped = True
            self.buffer = BytesIO()
            self.request.upload_too_big = True
            return None
        self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size):
        if self.dropped:
            return None
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
