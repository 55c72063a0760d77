"""A starter set of synonyms in the portal's five languages: what visitors
call the offers the demo and real catalogues hold. Staff extend it in the admin."""

from django.db import migrations

STARTER_SET = [
    [
        "sprachkurs",
        "deutschkurs",
        "integrationskurs",
        "sprachkurse",
        "deutschkurse",
        "integrationskurse",
        "language course",
        "german course",
        "dil kursu",
        "almanca kursu",
        "دورة لغة",
        "دورة اللغة الألمانية",
        "мовний курс",
        "курс німецької",
    ],
    [
        "beratung",
        "sprechstunde",
        "counselling",
        "counseling",
        "advice",
        "danışmanlık",
        "استشارة",
        "консультація",
    ],
    ["kinderbetreuung", "childcare", "çocuk bakımı", "رعاية الأطفال", "догляд за дітьми"],
    [
        "bewerbung",
        "bewerbungstraining",
        "job application",
        "iş başvurusu",
        "طلب عمل",
        "пошук роботи",
    ],
    ["arbeit", "job", "beruf", "work", "iş", "عمل", "робота"],
    [
        "wohnung",
        "wohnen",
        "mieter",
        "housing",
        "tenants",
        "konut",
        "kiracı",
        "سكن",
        "житло",
        "квартира",
    ],
    [
        "hausaufgabenhilfe",
        "nachhilfe",
        "lernhilfe",
        "homework",
        "tutoring",
        "ödev",
        "واجبات",
        "домашнє завдання",
    ],
    ["anerkennung", "recognition", "denklik", "معادلة الشهادات", "визнання"],
    ["fußball", "football", "soccer", "futbol", "كرة القدم", "футбол"],
    ["jugendliche", "jugend", "young people", "youth", "gençler", "شباب", "молодь"],
    ["schwimmkurs", "schwimmen", "swimming", "yüzme", "سباحة", "плавання"],
    ["smartphone", "handy", "mobile phone", "akıllı telefon", "هاتف ذكي", "смартфон"],
    ["kita", "kindergarten", "daycare", "kreş", "anaokulu", "روضة", "дитячий садок"],
    ["arzt", "ärztin", "doctor", "doktor", "طبيب", "лікар"],
    [
        "alphabetisierung",
        "alphabetisierungskurs",
        "literacy",
        "okuma yazma",
        "محو الأمية",
        "грамотність",
    ],
    ["treffpunkt", "treff", "begegnung", "meeting place", "buluşma", "ملتقى", "зустріч"],
]


def fill(apps, schema_editor):
    SynonymGroup = apps.get_model("measures", "SynonymGroup")
    SynonymGroup.objects.bulk_create(SynonymGroup(words=words) for words in STARTER_SET)


def empty(apps, schema_editor):
    SynonymGroup = apps.get_model("measures", "SynonymGroup")
    SynonymGroup.objects.filter(words__in=STARTER_SET).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0021_synonym_groups"),
    ]

    operations = [migrations.RunPython(fill, empty)]
