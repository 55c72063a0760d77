"""The vocabulary of the existing measures' texts, and the parts of their
German compounds (new and changed measures keep both current on saving)."""

from django.db import migrations

from measures.vocabulary import compound_parts, words_of

LANGUAGES = ("de", "en", "tr", "ar", "uk")
KINDS = ("title", "summary", "description")


def fill(apps, schema_editor):
    Measure = apps.get_model("measures", "Measure")
    SearchWord = apps.get_model("measures", "SearchWord")
    fields = [f"{kind}_{language}" for kind in KINDS for language in LANGUAGES]
    vocabulary = set(SearchWord.objects.values_list("word", flat=True))
    new_words = set()
    for texts in Measure.objects.values_list(*fields).iterator():
        new_words.update(words_of(" ".join(texts)))
    SearchWord.objects.bulk_create(
        [SearchWord(word=word) for word in sorted(new_words - vocabulary)],
        ignore_conflicts=True,
        batch_size=1000,
    )
    vocabulary |= new_words
    german = [f"{kind}_de" for kind in KINDS]
    for pk, *texts in Measure.objects.values_list("pk", *german).iterator():
        parts = compound_parts(" ".join(texts), vocabulary)
        if parts:
            Measure.objects.filter(pk=pk).update(search_compound_parts=parts)


class Migration(migrations.Migration):
    dependencies = [("measures", "0011_search_all_five_languages_and_compounds")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
