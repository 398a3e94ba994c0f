"""Values every page template needs: the service's name and contact address."""

from django.conf import settings


def service(request):
    return {
        "service_name": settings.SERVICE_NAME,
        "service_contact_email": settings.SERVICE_CONTACT_EMAIL,
    }
