"""Values every page template needs: the service's name, its contact address, and how many
working days a request for another format takes to answer."""

from django.conf import settings


def service(request):
    return {
        "service_name": settings.SERVICE_NAME,
        "service_contact_email": settings.SERVICE_CONTACT_EMAIL,
        "format_request_days": settings.FORMAT_REQUEST_DAYS,
    }
