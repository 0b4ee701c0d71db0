from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from charters.models import Partnership


def home(request: HttpRequest) -> HttpResponse:
    partnerships = Partnership.objects.all()
    return render(request, "home.html", {"partnerships": partnerships})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html")
