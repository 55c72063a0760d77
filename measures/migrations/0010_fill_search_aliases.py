"""Common ways of naming the catalogue's filter choices in the portal's five
languages, beyond the taxonomy's own names (which count by themselves).
Staff may edit them in the admin."""

from django.db import migrations

ALIASES = {
    "domain": {
        "language": ["Sprachen", "Deutsch lernen", "learn German", "Almanca öğrenmek"],
        "education": ["Schule", "school", "okul", "مدرسة", "школа", "навчання"],
        "work": [
            "Arbeit",
            "Beruf",
            "Job",
            "Jobs",
            "Arbeitssuche",
            "work",
            "career",
            "iş",
            "meslek",
            "عمل",
            "العمل",
            "робота",
        ],
        "health": ["gesund", "healthcare", "صحة", "здоров'я"],
        "housing": ["Wohnung", "Wohnungssuche", "flat", "apartment", "ev", "شقة", "квартира"],
        "family": ["families", "aile", "عائلة", "родина", "сім'я"],
        "participation": ["Teilhabe", "participation", "katılım", "المشاركة", "участь"],
        "orientation": ["Ankommen", "Orientierung", "arrival", "orientation", "прибуття"],
    },
    "district": {
        "mitte": ["Stuttgart-Mitte", "Stadtmitte", "Innenstadt"],
        "nord": ["Stuttgart-Nord"],
        "ost": ["Stuttgart-Ost"],
        "sued": ["Stuttgart-Süd", "Stuttgart-Sued", "Sued"],
        "west": ["Stuttgart-West"],
        "bad-cannstatt": ["Cannstatt", "Bad-Cannstatt"],
    },
    "language": {
        "de": ["German", "Almanca", "الألمانية", "ألماني", "німецька", "німецькою"],
        "en": ["English", "İngilizce", "الإنجليزية", "англійська", "англійською"],
        "tr": ["Turkish", "Türkçe", "турецька", "турецькою", "التركية", "تركي"],
        "ar": ["arabic", "عربي", "عربية", "بالعربي", "Arapça", "арабська", "арабською"],
        "uk": ["Ukrainian", "Ukraynaca", "українська", "українською", "الأوكرانية"],
        "ru": ["Russian", "Rusça", "російська", "російською", "русский", "الروسية"],
        "fa": ["Persisch", "Farsi", "Dari", "Persian", "Farsça", "فارسی", "перська"],
    },
    "target_group": {
        "women": ["Frau", "woman", "Kadın", "نساء", "жінок", "жінкам"],
        "mothers-young-children": ["Mütter", "Mutter", "mothers", "anneler", "الأمهات", "матері"],
        "children": ["Kind", "kids", "child", "çocuk", "أطفال", "дітей"],
        "youth": ["Jugend", "Jugendlicher", "youth", "teenagers", "genç", "شباب", "молоді"],
        "refugees": ["Flüchtlinge", "Geflüchtete", "refugee", "mülteci", "لاجئين", "біженців"],
        "newcomers": ["Neuzugewanderte", "Zugewanderte"],
        "skilled-workers": ["Fachkraft"],
        "students": ["Studenten", "Studentinnen", "student", "öğrenci"],
        "seniors": ["Senioren", "Seniorinnen", "seniors", "elderly"],
    },
    "format": {
        "course": ["Kurs", "Kurse", "course", "courses", "kurs", "kurslar", "دورة", "курс", "курси"],
        "counselling": [
            "Beratung",
            "counselling",
            "counseling",
            "advice",
            "danışmanlık",
            "استشارة",
            "консультація",
        ],
        "event": ["Veranstaltung", "event", "events", "etkinlik", "فعالية", "захід"],
        "group": ["Gruppe", "Treff", "group", "grup", "مجموعة", "група"],
        "online": ["online", "Online-Angebot", "çevrimiçi", "عبر الإنترنت", "онлайн"],
    },
}


def fill(apps, schema_editor):
    SearchAlias = apps.get_model("measures", "SearchAlias")
    seen = set(SearchAlias.objects.values_list("phrase", flat=True))
    rows = []
    for filter_name, values in ALIASES.items():
        for value, phrases in values.items():
            for phrase in phrases:
                if phrase not in seen:
                    seen.add(phrase)
                    rows.append(SearchAlias(filter=filter_name, value=value, phrase=phrase))
    SearchAlias.objects.bulk_create(rows)


def empty(apps, schema_editor):
    apps.get_model("measures", "SearchAlias").objects.filter(
        phrase__in=[p for values in ALIASES.values() for ps in values.values() for p in ps]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("measures", "0009_search_aliases")]

    operations = [migrations.RunPython(fill, empty)]
