from django.http import HttpResponse


def start_page(request):
    return HttpResponse("")


def network_page(request, slug):
    return HttpResponse("")


def organisation_page(request, slug):
    return HttpResponse("")
