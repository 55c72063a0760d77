"""The shared taxonomy as the alliance uses it: life domains, Stuttgart's
23 districts, languages and target groups. Staff may edit it in the admin;
the slugs stay stable because links and open data use them."""

from django.db import migrations

LIFE_DOMAINS = [
    # slug, icon, de, en, tr, ar, uk
    ("language", "language", "Sprache", "Language", "Dil", "اللغة", "Мова"),
    ("education", "education", "Bildung", "Education", "Eğitim", "التعليم", "Освіта"),
    (
        "work",
        "work",
        "Arbeit und Beruf",
        "Work and career",
        "İş ve meslek",
        "العمل والمهنة",
        "Робота і професія",
    ),
    ("health", "health", "Gesundheit", "Health", "Sağlık", "الصحة", "Здоров’я"),
    ("housing", "housing", "Wohnen", "Housing", "Konut", "السكن", "Житло"),
    ("family", "family", "Familie", "Family", "Aile", "الأسرة", "Сім’я"),
    (
        "participation",
        "participation",
        "Teilhabe: Kultur, Sport, Engagement",
        "Participation: culture, sport, volunteering",
        "Katılım: kültür, spor, gönüllülük",
        "المشاركة: الثقافة والرياضة والتطوع",
        "Участь: культура, спорт, волонтерство",
    ),
    (
        "orientation",
        "orientation",
        "Ankommen und Orientierung",
        "Arrival and orientation",
        "Varış ve ilk adımlar",
        "الوصول والخطوات الأولى",
        "Прибуття та перші кроки",
    ),
]

# slug, name, inner city
DISTRICTS = [
    ("mitte", "Mitte", True),
    ("nord", "Nord", True),
    ("ost", "Ost", True),
    ("sued", "Süd", True),
    ("west", "West", True),
    ("bad-cannstatt", "Bad Cannstatt", False),
    ("birkach", "Birkach", False),
    ("botnang", "Botnang", False),
    ("degerloch", "Degerloch", False),
    ("feuerbach", "Feuerbach", False),
    ("hedelfingen", "Hedelfingen", False),
    ("moehringen", "Möhringen", False),
    ("muehlhausen", "Mühlhausen", False),
    ("muenster", "Münster", False),
    ("obertuerkheim", "Obertürkheim", False),
    ("plieningen", "Plieningen", False),
    ("sillenbuch", "Sillenbuch", False),
    ("stammheim", "Stammheim", False),
    ("untertuerkheim", "Untertürkheim", False),
    ("vaihingen", "Vaihingen", False),
    ("wangen", "Wangen", False),
    ("weilimdorf", "Weilimdorf", False),
    ("zuffenhausen", "Zuffenhausen", False),
]

# code, German, English, endonym; the portal's UI languages first
LANGUAGES = [
    ("de", "Deutsch", "German", "Deutsch"),
    ("en", "Englisch", "English", "English"),
    ("tr", "Türkisch", "Turkish", "Türkçe"),
    ("ar", "Arabisch", "Arabic", "العربية"),
    ("uk", "Ukrainisch", "Ukrainian", "Українська"),
    ("ru", "Russisch", "Russian", "Русский"),
    ("fa", "Persisch (Farsi, Dari)", "Persian (Farsi, Dari)", "فارسی"),
    ("ps", "Paschtu", "Pashto", "پښتو"),
    ("ku", "Kurdisch", "Kurdish", "Kurdî"),
    ("ti", "Tigrinya", "Tigrinya", "ትግርኛ"),
    ("so", "Somali", "Somali", "Soomaali"),
    ("fr", "Französisch", "French", "Français"),
    ("es", "Spanisch", "Spanish", "Español"),
    ("it", "Italienisch", "Italian", "Italiano"),
    ("pt", "Portugiesisch", "Portuguese", "Português"),
    ("el", "Griechisch", "Greek", "Ελληνικά"),
    ("pl", "Polnisch", "Polish", "Polski"),
    ("ro", "Rumänisch", "Romanian", "Română"),
    ("bg", "Bulgarisch", "Bulgarian", "Български"),
    ("hr", "Kroatisch", "Croatian", "Hrvatski"),
    ("sr", "Serbisch", "Serbian", "Српски"),
    ("bs", "Bosnisch", "Bosnian", "Bosanski"),
    ("sq", "Albanisch", "Albanian", "Shqip"),
    ("vi", "Vietnamesisch", "Vietnamese", "Tiếng Việt"),
    ("zh", "Chinesisch", "Chinese", "中文"),
]

TARGET_GROUPS = [
    # slug, de, en, tr, ar, uk
    ("women", "Frauen", "Women", "Kadınlar", "النساء", "Жінки"),
    (
        "mothers-young-children",
        "Mütter mit kleinen Kindern",
        "Mothers with young children",
        "Küçük çocuklu anneler",
        "الأمهات مع أطفال صغار",
        "Матері з малими дітьми",
    ),
    ("families", "Familien", "Families", "Aileler", "العائلات", "Сім’ї"),
    ("children", "Kinder", "Children", "Çocuklar", "الأطفال", "Діти"),
    ("youth", "Jugendliche", "Young people", "Gençler", "الشباب", "Молодь"),
    ("refugees", "Geflüchtete", "Refugees", "Mülteciler", "اللاجئون", "Біженці"),
    (
        "newcomers",
        "Neu Zugewanderte",
        "Newcomers",
        "Yeni gelenler",
        "القادمون الجدد",
        "Новоприбулі",
    ),
    (
        "skilled-workers",
        "Fachkräfte",
        "Skilled workers",
        "Nitelikli çalışanlar",
        "العمالة الماهرة",
        "Кваліфіковані фахівці",
    ),
    (
        "students",
        "Studierende",
        "Students",
        "Üniversite öğrencileri",
        "الطلاب الجامعيون",
        "Студенти",
    ),
    (
        "seniors",
        "Seniorinnen und Senioren",
        "Older people",
        "Yaşlılar",
        "كبار السن",
        "Люди похилого віку",
    ),
]


def seed(apps, schema_editor):
    LifeDomain = apps.get_model("integration_portal", "LifeDomain")
    District = apps.get_model("integration_portal", "District")
    Language = apps.get_model("integration_portal", "Language")
    TargetGroup = apps.get_model("integration_portal", "TargetGroup")
    for order, (slug, icon, de, en, tr, ar, uk) in enumerate(LIFE_DOMAINS, start=1):
        LifeDomain.objects.update_or_create(
            slug=slug,
            defaults={
                "icon": icon,
                "order": order,
                "name_de": de,
                "name_en": en,
                "name_tr": tr,
                "name_ar": ar,
                "name_uk": uk,
            },
        )
    for slug, name, inner_city in DISTRICTS:
        District.objects.update_or_create(
            slug=slug, defaults={"name": name, "inner_city": inner_city}
        )
    for order, (code, de, en, native) in enumerate(LANGUAGES, start=1):
        Language.objects.update_or_create(
            code=code,
            defaults={"name_de": de, "name_en": en, "native_name": native, "order": order},
        )
    for order, (slug, de, en, tr, ar, uk) in enumerate(TARGET_GROUPS, start=1):
        TargetGroup.objects.update_or_create(
            slug=slug,
            defaults={
                "order": order,
                "name_de": de,
                "name_en": en,
                "name_tr": tr,
                "name_ar": ar,
                "name_uk": uk,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("integration_portal", "LifeDomain").objects.filter(
        slug__in=[row[0] for row in LIFE_DOMAINS]
    ).delete()
    apps.get_model("integration_portal", "District").objects.filter(
        slug__in=[row[0] for row in DISTRICTS]
    ).delete()
    apps.get_model("integration_portal", "Language").objects.filter(
        code__in=[row[0] for row in LANGUAGES]
    ).delete()
    apps.get_model("integration_portal", "TargetGroup").objects.filter(
        slug__in=[row[0] for row in TARGET_GROUPS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("integration_portal", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
