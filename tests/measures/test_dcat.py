"""The DCAT-AP.de catalogue parses as RDF and carries what harvesters require."""

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

pytestmark = [
    pytest.mark.django_db,
    # rdflib's own JSON-LD parser still builds the graph class it deprecates.
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LICENCE = URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")
STUTTGART = URIRef("http://dcat-ap.de/def/politicalGeocoding/regionalKey/081110000000")


@pytest.fixture
def graph(client, make_measure) -> Graph:
    make_measure("Sprachcafé")
    response = client.get("/api/dcat/")
    assert response["Content-Type"] == "application/ld+json"
    return Graph().parse(data=response.content, format="json-ld")


def test_the_catalogue_lists_the_four_datasets(graph):
    catalogue = graph.value(predicate=RDF.type, object=DCAT.Catalog, any=False)
    assert catalogue is not None
    assert graph.value(catalogue, DCTERMS.title).language == "de"
    assert graph.value(catalogue, DCTERMS.publisher) is not None
    assert graph.value(catalogue, DCTERMS.modified) is not None
    datasets = set(graph.objects(catalogue, DCAT.dataset))
    assert {str(dataset).rsplit("#", 1)[1] for dataset in datasets} == {
        "measures",
        "partners",
        "hsds",
        "calendars",
    }


def test_every_dataset_has_the_properties_dcat_ap_de_requires(graph):
    for dataset in graph.subjects(RDF.type, DCAT.Dataset):
        for required in (DCTERMS.title, DCTERMS.description, DCTERMS.identifier):
            assert graph.value(dataset, required) is not None, (dataset, required)
        assert graph.value(dataset, DCTERMS.spatial) == STUTTGART
        assert graph.value(dataset, DCATDE.politicalGeocodingURI) == STUTTGART
        assert str(graph.value(dataset, DCTERMS.accrualPeriodicity)).startswith(
            "http://publications.europa.eu/resource/authority/frequency/"
        )
        assert graph.value(dataset, DCTERMS.modified) is not None
        publisher = graph.value(dataset, DCTERMS.publisher)
        assert graph.value(publisher, Namespace("http://xmlns.com/foaf/0.1/").name) == Literal(
            "Landeshauptstadt Stuttgart"
        )
        contact = graph.value(dataset, DCAT.contactPoint)
        assert graph.value(contact, VCARD.fn) is not None
        assert str(graph.value(contact, VCARD.hasEmail)).startswith("mailto:")
        distributions = list(graph.objects(dataset, DCAT.distribution))
        assert distributions, dataset
        for distribution in distributions:
            assert graph.value(distribution, DCTERMS.license) == LICENCE
            assert graph.value(distribution, DCAT.accessURL) is not None
            assert graph.value(distribution, DCTERMS.format) is not None


def test_the_distributions_lead_to_the_feeds(client, graph):
    urls = {str(url) for url in graph.objects(None, DCAT.accessURL)}
    for path in ("/api/measures.json", "/api/measures.csv", "/api/partners.json", "/api/hsds/"):
        url = next(url for url in urls if url.endswith(path))
        assert client.get(url.removeprefix("http://testserver")).status_code == 200
