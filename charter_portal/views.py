from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from charter_portal import glossary as words
from charters.models import Partnership


def home(request: HttpRequest) -> HttpResponse:
    partnerships = Partnership.objects.all()
    return render(request, "home.html", {"partnerships": partnerships})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html")


def glossary(request: HttpRequest) -> HttpResponse:
    """The words the charters use, in plain English: charter pages link here the first time each is used."""
    return render(request, "pages/glossary.html", {"terms": words.alphabetical()})
