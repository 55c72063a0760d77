"""Demo partners: fictional but plausible Stuttgart organisations, and their editors."""

import datetime

from django.contrib.auth.models import Group

from integration_portal.models import District, LifeDomain, User
from integration_portal.roles import PARTNER_EDITOR
from partners.models import ContactPerson, Partner, PartnerMembership

from .integration_portal import DEMO_PASSWORD

S = Partner.Sector

# slug, name, sector, district, life domains, member since (year), street, postal code,
# contact person (name, function), descriptions {language: text}
PARTNERS = [
    (
        "volkshochschule-am-rotebuehl",
        "Volkshochschule am Rotebühl",
        S.EDUCATION,
        "mitte",
        ["language", "education", "orientation"],
        2005,
        "Rotebühlplatz 28",
        "70173",
        ("Dr. Monika Feldmann", "Fachbereich Deutsch als Fremdsprache"),
        {
            "de": "Integrationskurse, Deutschkurse von A1 bis C1 und Prüfungen. Kurse am "
            "Vormittag mit Kinderbetreuung, am Abend und online.",
            "en": "Integration courses, German courses from A1 to C1 and exams. Morning classes "
            "with childcare, evening and online classes.",
            "tr": "Uyum kursları, A1'den C1'e kadar Almanca kursları ve sınavlar.",
            "ar": "دورات الاندماج ودورات اللغة الألمانية من المستوى A1 إلى C1 والامتحانات.",
            "uk": "Інтеграційні курси, курси німецької мови від A1 до C1 та іспити.",
        },
    ),
    (
        "caritasverband-stuttgart-mitte",
        "Caritas-Zentrum Stuttgart-Mitte",
        S.WELFARE,
        "mitte",
        ["orientation", "family", "housing"],
        2005,
        "Strombergstraße 11",
        "70188",
        ("Thomas Berger", "Migrationsberatung für Erwachsene"),
        {
            "de": "Migrationsberatung für Erwachsene, Hilfe bei Anträgen und Behördenpost, "
            "Beratung zu Wohnen und Familie.",
            "en": "Migration counselling for adults, help with applications and letters from "
            "authorities, advice on housing and family.",
            "ar": "استشارات الهجرة للبالغين والمساعدة في الطلبات ورسائل الدوائر الرسمية.",
        },
    ),
    (
        "diakonie-stuttgart-ost",
        "Evangelische Diakonie Stuttgart-Ost",
        S.WELFARE,
        "ost",
        ["orientation", "health", "family"],
        2006,
        "Neckarstraße 215",
        "70190",
        ("Ruth Hausmann", "Leitung Flüchtlingsdiakonie"),
        {
            "de": "Beratung für Geflüchtete, Begleitung zu Ärztinnen und Ärzten, offener Treff "
            "mit Sprachcafé jeden Donnerstag.",
            "en": "Counselling for refugees, accompaniment to doctors, open meeting point with a "
            "language café every Thursday.",
            "uk": "Консультації для біженців, супровід до лікарів, мовне кафе щочетверга.",
        },
    ),
    (
        "awo-kreisverband-stuttgart",
        "AWO Kreisverband Stuttgart",
        S.WELFARE,
        "bad-cannstatt",
        ["family", "work", "orientation"],
        2005,
        "Olgastraße 63",
        "70372",
        ("Sandra Kühn", "Jugendmigrationsdienst"),
        {
            "de": "Jugendmigrationsdienst für junge Menschen von 12 bis 27 Jahren: Schule, "
            "Ausbildung, Beruf und Freizeit.",
            "en": "Youth migration service for young people aged 12 to 27: school, training, "
            "work and leisure.",
        },
    ),
    (
        "drk-kreisverband-stuttgart",
        "DRK-Kreisverband Stuttgart",
        S.WELFARE,
        "vaihingen",
        ["health", "orientation", "housing"],
        2008,
        "Hauptstraße 42",
        "70563",
        ("Michael Schreiber", "Soziale Dienste"),
        {
            "de": "Erste-Hilfe-Kurse in mehreren Sprachen, Beratung in Gemeinschaftsunterkünften "
            "und Suchdienst für getrennte Familien.",
            "en": "First aid courses in several languages, counselling in shared accommodation "
            "and tracing service for separated families.",
        },
    ),
    (
        "paritaetisches-forum-stuttgart",
        "Paritätisches Forum Stuttgart",
        S.WELFARE,
        "west",
        ["participation", "orientation"],
        2010,
        "Rotenbergstraße 12",
        "70176",
        ("Ingrid Wolf", "Koordination Mitgliedsorganisationen"),
        {
            "de": "Dachverband für kleine Vereine und Initiativen: Fortbildungen, Fördermittel "
            "und Vernetzung.",
            "en": "Umbrella association for small clubs and initiatives: training, funding and "
            "networking.",
        },
    ),
    (
        "tuerkisch-deutscher-kulturverein-feuerbach",
        "Türkisch-Deutscher Kulturverein Feuerbach e. V.",
        S.MIGRANT_ORGANISATION,
        "feuerbach",
        ["participation", "family", "language"],
        2007,
        "Stuttgarter Straße 88",
        "70469",
        ("Ayşe Demir", "Vorsitzende"),
        {
            "de": "Hausaufgabenhilfe, Elterncafé, Saz-Kurs und Feste für die ganze Nachbarschaft.",
            "en": "Homework help, parents' café, saz lessons and festivals for the whole "
            "neighbourhood.",
            "tr": "Ödev yardımı, veli kafesi, saz kursu ve tüm mahalle için şenlikler.",
        },
    ),
    (
        "ukrainischer-verein-stuttgart",
        "Ukrainischer Verein Stuttgart e. V.",
        S.MIGRANT_ORGANISATION,
        "sued",
        ["orientation", "language", "participation"],
        2022,
        "Böblinger Straße 70",
        "70199",
        ("Olena Kovalenko", "Beratung für Neuankommende"),
        {
            "de": "Erste Orientierung für Menschen aus der Ukraine, Sprachtandems und "
            "Samstagsschule für Kinder.",
            "en": "First orientation for people from Ukraine, language tandems and a Saturday "
            "school for children.",
            "uk": "Перша орієнтація для людей з України, мовні тандеми та суботня школа для дітей.",
        },
    ),
    (
        "arabischer-elternverein-stuttgart",
        "Arabischer Elternverein Stuttgart e. V.",
        S.MIGRANT_ORGANISATION,
        "zuffenhausen",
        ["family", "education"],
        2012,
        "Unterländer Straße 34",
        "70435",
        ("Samira Haddad", "Elternbegleiterin"),
        {
            "de": "Elternabende zum Schulsystem, Begleitung zu Elterngesprächen und "
            "Arabischunterricht für Kinder.",
            "en": "Parents' evenings on the school system, support at parent-teacher meetings "
            "and Arabic lessons for children.",
            "ar": "أمسيات للآباء حول النظام المدرسي، ومرافقة في لقاءات أولياء الأمور، ودروس "
            "العربية للأطفال.",
        },
    ),
    (
        "griechische-gemeinde-stuttgart",
        "Griechische Gemeinde Stuttgart e. V.",
        S.MIGRANT_ORGANISATION,
        "bad-cannstatt",
        ["participation", "education"],
        2005,
        "Waiblinger Straße 19",
        "70372",
        ("Nikos Papadopoulos", "Kulturreferent"),
        {
            "de": "Kulturabende, Tanzgruppen und Seniorentreff – seit über fünfzig Jahren in "
            "Bad Cannstatt.",
            "en": "Cultural evenings, dance groups and a seniors' meeting point – in Bad "
            "Cannstatt for over fifty years.",
        },
    ),
    (
        "afrikanisches-forum-stuttgart",
        "Afrikanisches Forum Stuttgart e. V.",
        S.MIGRANT_ORGANISATION,
        "nord",
        ["participation", "work", "orientation"],
        2014,
        "Heilbronner Straße 180",
        "70191",
        ("Grace Mensah", "Projektleitung"),
        {
            "de": "Mentoring für Studierende und Berufseinsteiger, Diskussionsabende und "
            "afrikanisches Kulturfestival.",
            "en": "Mentoring for students and young professionals, discussion evenings and an "
            "African culture festival.",
        },
    ),
    (
        "kroatische-kulturgemeinschaft",
        "Kroatische Kulturgemeinschaft Stuttgart e. V.",
        S.MIGRANT_ORGANISATION,
        "wangen",
        ["participation", "family"],
        2009,
        "Ulmer Straße 301",
        "70327",
        ("Ivana Marić", "Vorstand"),
        {"de": "Folkloregruppe, Kinderchor und Sprachschule am Wochenende."},
    ),
    (
        "syrischer-kulturverein-stuttgart",
        "Syrisch-Deutscher Kulturverein e. V.",
        S.MIGRANT_ORGANISATION,
        "weilimdorf",
        ["language", "orientation", "participation"],
        2017,
        "Solitudestraße 240",
        "70499",
        ("Khaled Al-Masri", "Vorsitzender"),
        {
            "de": "Deutsch-Lerngruppen, Begleitung zu Ämtern und gemeinsames Kochen im "
            "Stadtteilzentrum.",
            "en": "German study groups, accompaniment to authorities and cooking together at the "
            "neighbourhood centre.",
            "ar": "مجموعات لتعلم الألمانية، ومرافقة إلى الدوائر الرسمية، وطبخ مشترك في مركز الحي.",
        },
    ),
    (
        "italienisches-patronat-stuttgart",
        "Italienisches Sozial- und Kulturzentrum Stuttgart",
        S.MIGRANT_ORGANISATION,
        "untertuerkheim",
        ["work", "orientation"],
        2006,
        "Großglocknerstraße 12",
        "70327",
        ("Giulia Romano", "Sozialberatung"),
        {
            "de": "Beratung zu Rente, Arbeitsrecht und Anerkennung, auf Italienisch und Deutsch.",
            "en": "Advice on pensions, labour law and recognition of qualifications, in Italian "
            "and German.",
        },
    ),
    (
        "frauen-netzwerk-international",
        "Internationales Frauennetzwerk Stuttgart e. V.",
        S.CIVIL_SOCIETY,
        "sued",
        ["family", "work", "participation"],
        2011,
        "Filderstraße 45",
        "70180",
        ("Maria Santos", "Koordinatorin"),
        {
            "de": "Frauenfrühstück, Bewerbungswerkstatt und Fahrradkurse nur für Frauen.",
            "en": "Women's breakfast, job application workshop and cycling courses for women only.",
            "tr": "Kadın kahvaltısı, iş başvurusu atölyesi ve sadece kadınlara bisiklet kursu.",
        },
    ),
    (
        "buergerstiftung-stuttgart-demo",
        "Bürgerstiftung Neckartal",
        S.CIVIL_SOCIETY,
        "muenster",
        ["participation", "education"],
        2008,
        "Neckartalstraße 150",
        "70376",
        ("Andreas Vogel", "Geschäftsführung"),
        {
            "de": "Fördert Lesepatenschaften und Nachbarschaftsprojekte in den Neckarvororten.",
            "en": "Funds reading mentorships and neighbourhood projects in the Neckar suburbs.",
        },
    ),
    (
        "freiwilligenagentur-stuttgart",
        "Freiwilligenagentur Stuttgart",
        S.CIVIL_SOCIETY,
        "mitte",
        ["participation"],
        2009,
        "Eberhardstraße 61",
        "70173",
        ("Lena Hoffmann", "Vermittlung Ehrenamt"),
        {
            "de": "Vermittelt Ehrenamtliche an Sprachcafés, Patenschaften und Begleitdienste.",
            "en": "Places volunteers with language cafés, mentoring schemes and accompaniment "
            "services.",
        },
    ),
    (
        "patenschaftsnetz-degerloch",
        "Patenschaftsnetz Degerloch",
        S.CIVIL_SOCIETY,
        "degerloch",
        ["participation", "orientation", "language"],
        2016,
        "Epplestraße 22",
        "70597",
        ("Heike Maurer", "Sprecherin"),
        {"de": "Ehrenamtliche Patinnen und Paten begleiten Familien in den ersten Monaten."},
    ),
    (
        "mieterinitiative-hallschlag",
        "Nachbarschaftsinitiative Hallschlag",
        S.CIVIL_SOCIETY,
        "bad-cannstatt",
        ["housing", "participation"],
        2013,
        "Römerstraße 30",
        "70376",
        ("Jürgen Eckert", "Ansprechpartner"),
        {
            "de": "Wohnungssprechstunde, Hilfe bei Nebenkostenabrechnungen und "
            "Nachbarschaftsfeste.",
            "en": "Housing consultation hours, help with utility bills and neighbourhood parties.",
        },
    ),
    (
        "sportverein-tsv-zuffenhausen",
        "TSV Zuffenhausen 1888 e. V.",
        S.CIVIL_SOCIETY,
        "zuffenhausen",
        ["participation", "health"],
        2010,
        "Schützenbühlstraße 10",
        "70435",
        ("Markus Brenner", "Integrationsbeauftragter"),
        {
            "de": "Fußball, Schwimmkurse für Frauen und Kinder, Beitragsfreiheit im ersten Jahr.",
            "en": "Football, swimming lessons for women and children, no membership fee in the "
            "first year.",
        },
    ),
    (
        "sportkreis-stuttgart-demo",
        "Sportgemeinschaft Stuttgart-Ost e. V.",
        S.CIVIL_SOCIETY,
        "ost",
        ["participation", "health", "family"],
        2012,
        "Talstraße 201",
        "70188",
        ("Petra Lang", "Jugendleiterin"),
        {
            "de": "Kinderturnen, Boxen für Jugendliche und Sport im Park jeden Sommer.",
            "en": "Gymnastics for children, boxing for teenagers and sport in the park every "
            "summer.",
        },
    ),
    (
        "schachclub-vaihingen",
        "Schachclub Vaihingen-Rohr e. V.",
        S.CIVIL_SOCIETY,
        "vaihingen",
        ["participation", "education"],
        2019,
        "Robert-Leicht-Straße 90",
        "70563",
        ("Dimitri Volkov", "Jugendtrainer"),
        {"de": "Schach für Kinder und Erwachsene, Training auch auf Englisch und Russisch."},
    ),
    (
        "theater-am-neckar",
        "Theater am Neckar",
        S.CULTURE,
        "bad-cannstatt",
        ["participation", "language"],
        2011,
        "Marktstraße 7",
        "70372",
        ("Clara Neumann", "Theaterpädagogik"),
        {
            "de": "Mehrsprachige Theaterprojekte mit Jugendlichen und Vorstellungen mit "
            "Übertiteln.",
            "en": "Multilingual theatre projects with young people and performances with "
            "surtitles.",
        },
    ),
    (
        "figurentheater-west",
        "Figurentheater im Westen",
        S.CULTURE,
        "west",
        ["participation", "family"],
        2015,
        "Hölderlinstraße 5",
        "70174",
        ("Jonas Richter", "Künstlerische Leitung"),
        {"de": "Puppenspiel ohne Worte für Familien mit kleinen Kindern."},
    ),
    (
        "stadtbibliothek-demo",
        "Stadtteilbibliothek Botnang",
        S.CULTURE,
        "botnang",
        ["language", "education", "family"],
        2009,
        "Griegstraße 22",
        "70195",
        ("Elif Yıldız", "Bibliothekarin"),
        {
            "de": "Bücher in zwanzig Sprachen, Vorlesestunden und Lerntreff für Deutsch.",
            "en": "Books in twenty languages, story time and a German learning club.",
            "tr": "Yirmi dilde kitaplar, masal saatleri ve Almanca öğrenme buluşması.",
        },
    ),
    (
        "musikschule-international",
        "Internationale Musikwerkstatt Stuttgart",
        S.CULTURE,
        "nord",
        ["participation", "education"],
        2018,
        "Nordbahnhofstraße 120",
        "70191",
        ("Amir Karimi", "Leitung"),
        {
            "de": "Instrumentalunterricht und Bandprojekte für Kinder und Jugendliche aller "
            "Herkunft.",
            "en": "Instrument lessons and band projects for children and young people of every "
            "background.",
        },
    ),
    (
        "kino-und-kultur-muehlhausen",
        "Kulturtreff Mühlhausen",
        S.CULTURE,
        "muehlhausen",
        ["participation"],
        2020,
        "Mönchfeldstraße 5",
        "70378",
        ("Birgit Sommer", "Programm"),
        {"de": "Kinoabende mit Filmen aus aller Welt und anschließendem Gespräch."},
    ),
    (
        "agentur-fuer-arbeit-demo",
        "Arbeitsagentur Stuttgart – Team Integration",
        S.ADMINISTRATION,
        "mitte",
        ["work", "education"],
        2005,
        "Neckarstraße 155",
        "70190",
        ("Frank Maier", "Teamleitung Integration"),
        {
            "de": "Berufsberatung, Vermittlung in Arbeit und Ausbildung, Förderung von "
            "Weiterbildung.",
            "en": "Career guidance, placement in jobs and training, funding for further training.",
            "ar": "توجيه مهني، والتوسط في العمل والتدريب، ودعم التدريب المستمر.",
        },
    ),
    (
        "jobcenter-demo",
        "Jobcenter Stuttgart – Standort Bad Cannstatt",
        S.ADMINISTRATION,
        "bad-cannstatt",
        ["work", "orientation"],
        2006,
        "Wilhelmstraße 8",
        "70372",
        ("Karin Schulze", "Beauftragte für Chancengleichheit"),
        {
            "de": "Bürgergeld, Unterstützung bei der Jobsuche und Sprachkurse für Berufstätige.",
            "en": "Citizen's income, support in finding a job and language courses for working "
            "people.",
            "uk": "Громадянська допомога, підтримка у пошуку роботи та мовні курси.",
        },
    ),
    (
        "abteilung-integration-demo",
        "Abteilung Integrationspolitik der Stadt",
        S.ADMINISTRATION,
        "mitte",
        ["orientation", "participation"],
        2005,
        "Eichstraße 9",
        "70173",
        ("Dr. Anna Weber", "Abteilungsleitung"),
        {
            "de": "Koordiniert das Bündnis für Integration und fördert Projekte in den "
            "Stadtbezirken.",
            "en": "Coordinates the Alliance for Integration and funds projects in the city "
            "districts.",
        },
    ),
    (
        "auslaenderbehoerde-demo",
        "Ausländerbehörde – Welcome Service",
        S.ADMINISTRATION,
        "mitte",
        ["orientation", "work"],
        2015,
        "Hauptstätter Straße 58",
        "70178",
        ("Stefan Krause", "Welcome Service"),
        {
            "de": "Beratung zu Aufenthalt und Einbürgerung, Termine für Fachkräfte aus dem "
            "Ausland.",
            "en": "Advice on residence and naturalisation, appointments for skilled workers from "
            "abroad.",
        },
    ),
    (
        "gesundheitsamt-demo",
        "Gesundheitsamt – Interkulturelle Gesundheitsberatung",
        S.ADMINISTRATION,
        "mitte",
        ["health", "family"],
        2010,
        "Schloßstraße 91",
        "70176",
        ("Dr. Yusuf Aksoy", "Ärztlicher Dienst"),
        {
            "de": "Impfberatung, Schwangerenberatung und Gesundheitslotsinnen in vielen Sprachen.",
            "en": "Vaccination advice, pregnancy counselling and health guides in many languages.",
            "tr": "Aşı danışmanlığı, hamilelik danışmanlığı ve birçok dilde sağlık rehberleri.",
        },
    ),
    (
        "bezirksbeirat-stammheim",
        "Bezirksbeirat Stammheim",
        S.POLITICS,
        "stammheim",
        ["participation"],
        2014,
        "Kornwestheimer Straße 2",
        "70439",
        ("Werner Fischer", "Bezirksvorsteher"),
        {"de": "Vertritt die Anliegen der Bürgerinnen und Bürger in Stammheim."},
    ),
    (
        "internationaler-ausschuss-demo",
        "Internationaler Ausschuss des Gemeinderats",
        S.POLITICS,
        "mitte",
        ["participation", "orientation"],
        2005,
        "Marktplatz 1",
        "70173",
        ("Hülya Kaya", "Geschäftsstelle"),
        {
            "de": "Berät den Gemeinderat zu Integration; die Sitzungen sind öffentlich.",
            "en": "Advises the city council on integration; its meetings are open to the public.",
        },
    ),
    (
        "autowerk-zuffenhausen-demo",
        "Sportwagenwerk Zuffenhausen – Ausbildungszentrum",
        S.BUSINESS,
        "zuffenhausen",
        ["work", "education"],
        2012,
        "Schwieberdinger Straße 130",
        "70435",
        ("Tobias Keller", "Ausbildungsleitung"),
        {
            "de": "Einstiegsqualifizierung und Ausbildung für junge Geflüchtete in Mechatronik.",
            "en": "Entry qualification and apprenticeships in mechatronics for young refugees.",
        },
    ),
    (
        "klinikum-demo",
        "Städtisches Klinikum – Pflegeschule",
        S.BUSINESS,
        "mitte",
        ["work", "health", "education"],
        2016,
        "Kriegsbergstraße 60",
        "70174",
        ("Susanne Roth", "Leitung Pflegeschule"),
        {
            "de": "Pflegeausbildung mit Sprachförderung und Anerkennung ausländischer "
            "Pflegeabschlüsse.",
            "en": "Nursing training with language support and recognition of foreign nursing "
            "qualifications.",
            "uk": "Навчання догляду з мовною підтримкою та визнання іноземних дипломів.",
        },
    ),
    (
        "handwerkskammer-demo",
        "Handwerkskammer Region Stuttgart – Willkommenslotsen",
        S.BUSINESS,
        "nord",
        ["work", "education"],
        2016,
        "Heilbronner Straße 43",
        "70191",
        ("Ralf Engel", "Willkommenslotse"),
        {
            "de": "Vermittelt Praktika und Ausbildungsplätze im Handwerk.",
            "en": "Finds internships and apprenticeships in skilled trades.",
        },
    ),
    (
        "baeckerei-filder",
        "Filderbäckerei Plieningen GmbH",
        S.BUSINESS,
        "plieningen",
        ["work"],
        2019,
        "Filderhauptstraße 50",
        "70599",
        ("Gabriele Hahn", "Personal"),
        {"de": "Bildet jedes Jahr junge Menschen aus aller Welt zu Bäckerinnen und Bäckern aus."},
    ),
    (
        "wohnungsbau-demo",
        "Städtische Wohnungsgesellschaft – Sozialmanagement",
        S.BUSINESS,
        "moehringen",
        ["housing", "orientation"],
        2013,
        "Vaihinger Straße 100",
        "70567",
        ("Daniel Kraft", "Sozialmanagement"),
        {
            "de": "Mieterberatung, Konfliktschlichtung in der Nachbarschaft und Wohnungen für "
            "Familien.",
            "en": "Tenant advice, neighbourhood mediation and flats for families.",
        },
    ),
    (
        "hochschule-demo",
        "Hochschule Stuttgart – International Office",
        S.EDUCATION,
        "mitte",
        ["education", "language"],
        2011,
        "Schellingstraße 24",
        "70174",
        ("Prof. Laura Meier", "International Office"),
        {
            "de": "Studienvorbereitung für Geflüchtete und Beratung zur Studienfinanzierung.",
            "en": "Preparation for university studies for refugees and advice on study funding.",
        },
    ),
    (
        "sprachschule-sillenbuch",
        "Sprachinstitut Sillenbuch",
        S.EDUCATION,
        "sillenbuch",
        ["language"],
        2018,
        "Kirchheimer Straße 70",
        "70619",
        ("Olga Petrenko", "Kursleitung"),
        {
            "de": "Berufsbezogene Deutschkurse B1 bis C1 in kleinen Gruppen.",
            "en": "Job-related German courses B1 to C1 in small groups.",
            "uk": "Професійні курси німецької мови B1–C1 у малих групах.",
        },
    ),
    (
        "familienbildungsstaette-demo",
        "Familienbildungsstätte Obertürkheim",
        S.EDUCATION,
        "obertuerkheim",
        ["family", "education", "health"],
        2010,
        "Augsburger Straße 600",
        "70329",
        ("Claudia Winter", "Leitung"),
        {
            "de": "Eltern-Kind-Gruppen, Geburtsvorbereitung und Kochkurse für Familien.",
            "en": "Parent and child groups, antenatal classes and cooking courses for families.",
        },
    ),
    (
        "schulverbund-birkach",
        "Bildungshaus Birkach",
        S.EDUCATION,
        "birkach",
        ["education", "family"],
        2021,
        "Birkheckenstraße 20",
        "70599",
        ("Martin Seitz", "Schulsozialarbeit"),
        {"de": "Lernförderung am Nachmittag und Sprachförderung in Vorbereitungsklassen."},
    ),
    (
        "jugendhaus-hedelfingen",
        "Jugendhaus Hedelfingen",
        S.CIVIL_SOCIETY,
        "hedelfingen",
        ["participation", "education"],
        2017,
        "Heumadener Straße 10",
        "70329",
        ("Kevin Ott", "Offene Jugendarbeit"),
        {
            "de": "Offener Treff, Bewerbungstraining und Ferienprogramm für Jugendliche.",
            "en": "Open youth club, job application training and holiday programme for teenagers.",
        },
    ),
]

# A partner that left the alliance: kept for the record, hidden everywhere.
INACTIVE_SLUGS = {"kino-und-kultur-muehlhausen"}

EDITORS = [
    # email, first name, last name, partner slugs (the first editor is the existing demo user)
    (
        "editor@example.org",
        "Emre",
        "Redaktion",
        ["tuerkisch-deutscher-kulturverein-feuerbach", "volkshochschule-am-rotebuehl"],
    ),
    ("editor2@example.org", "Olena", "Shevchenko", ["ukrainischer-verein-stuttgart"]),
    (
        "editor3@example.org",
        "Samira",
        "Haddad",
        ["arabischer-elternverein-stuttgart", "theater-am-neckar"],
    ),
]


def _contact_email(name: str, slug: str) -> str:
    local = name.split()[-1].lower()
    for umlaut, ascii_form in {
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "ß": "ss",
        "ş": "s",
        "ı": "i",
    }.items():
        local = local.replace(umlaut, ascii_form)
    return f"{local}@{slug}.example"


def seed(options: dict, stdout) -> None:
    districts = {district.slug: district for district in District.objects.all()}
    domains = {domain.slug: domain for domain in LifeDomain.objects.all()}
    for index, (
        slug,
        name,
        sector,
        district,
        domain_slugs,
        year,
        street,
        postal_code,
        contact,
        texts,
    ) in enumerate(PARTNERS):
        partner, _created = Partner.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "sector": sector,
                "district": districts[district],
                "member_since": datetime.date(year, 1 + index % 12, 1),
                "street": street,
                "postal_code": postal_code,
                "city": "Stuttgart",
                "website": f"https://www.{slug}.example/",
                "email": f"info@{slug}.example",
                "phone": f"+49 711 {2100000 + index * 1371}",
                "is_active": slug not in INACTIVE_SLUGS,
                "is_public": True,
                **{
                    f"description_{language}": texts.get(language, "")
                    for language in ("de", "en", "tr", "ar", "uk")
                },
            },
        )
        partner.life_domains.set([domains[domain] for domain in domain_slugs])
        contact_name, function = contact
        ContactPerson.objects.update_or_create(
            partner=partner,
            name=contact_name,
            defaults={
                "function": function,
                "email": _contact_email(contact_name, slug),
                "phone": f"+49 711 {2100000 + index * 1371 + 10}",
            },
        )

    editor_group = Group.objects.get(name=PARTNER_EDITOR)
    for email, first_name, last_name, slugs in EDITORS:
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first_name, "last_name": last_name}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(editor_group)
        for slug in slugs:
            PartnerMembership.objects.get_or_create(
                partner=Partner.objects.get(slug=slug), user=user
            )
    stdout.write(f"Demo partners: {len(PARTNERS)}, partner editors: {len(EDITORS)}")
