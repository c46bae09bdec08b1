from django.shortcuts import render

from natverk.publishing import selectors


def start_page(request):
    return render(request, "publishing/networks_page.html", {"page": selectors.networks_page()})


def network_page(request, slug):
    return render(request, "publishing/network.html", {"network": selectors.public_network(slug)})


def organisation_page(request, slug):
    organisation = selectors.public_organisation(slug)
    return render(
        request,
        "publishing/organisation.html",
        {
            "organisation": organisation,
            "networks": selectors.organisation_networks(organisation),
        },
    )
