# ruff: noqa: E501  (trilingual card texts read best on one line each)
"""The process map of document 002 (ҚазТБУ-СДД-ПАК-5.3/9.3-2026-02, version 1.0, 2026) and the risks the seeds
list for its processes, as data: services.processes.load_process_map preloads them into an institution.

The Kazakh texts are the seed's, split into one item per line (bullets) with stray spaces and repeated items
dropped; Russian and English are faithful translations of them. Where a card lacks a field the field stays
empty. Codes are kept exactly as printed, stray spaces included (seed O-13): `code` is the header's code,
`id_code` the card's identification number.

Risks: each card's "Тәуекелдер" list (E.7; process 17's list has no heading, O-15), and the risk tables of
the Career Center's regulations 000 §10 (KazUTB-CC-RPA-7.2-2025-01, employment of graduates) and 001 §12
(KazUTB-CC-RPA-7.2-2025-02, professional practice), both attached to process 17, whose data the Career Center
keeps (O-14, Q17); their prevention actions are the risks' prevention measures. The English of 000 and 001 is
the seeds' own; the categories are the register's classification (anti-corruption for ISO 37001 risks).
"""

from __future__ import annotations

from typing import Any

T = tuple[str, str, str]  # (kk, ru, en)
L = tuple[list[str], list[str], list[str]]  # items per language

# ---- Phrases many cards share ----------------------------------------------------------------------------
PRESIDENT_RECTOR: T = ("Президент / Ректор", "Президент / Ректор", "President / Rector")
RECTOR: T = ("Ректор", "Ректор", "Rector")
VR_ACADEMIC: T = (
    "Академиялық сұрақтар проректоры",
    "Проректор по академическим вопросам",
    "Vice-Rector for Academic Affairs",
)
VR_UPBRINGING: T = (
    "Тәрбие және әлеуметтік жұмыс жөніндегі проректор",
    "Проректор по воспитательной и социальной работе",
    "Vice-Rector for Upbringing and Social Work",
)
VR_SCIENCE: T = (
    "Ғылым және инновация жөніндегі проректор",
    "Проректор по науке и инновациям",
    "Vice-Rector for Science and Innovation",
)
VR_ADMIN: T = (
    "Әкімшілік-шаруашылық мәселелер жөніндегі проректор",
    "Проректор по административно-хозяйственным вопросам",
    "Vice-Rector for Administrative and Economic Affairs",
)
SDD_DIRECTOR: T = ("СДД директоры", "Директор СДД", "Director of СДД")
EP_DEPARTMENT: T = (
    "Білім беру бағдарламалары бөлімі",
    "Отдел образовательных программ",
    "Educational Programs Department",
)
SCIENCE_DEPARTMENT: T = ("Ғылым кафедрасы", "Кафедра науки", "Science department")
ADMIN_INFRA: T = (
    "Әкімшілік және инфрақұрылым бөлімі",
    "Отдел администрирования и инфраструктуры",
    "Administration and Infrastructure Department",
)

PARTICIPANTS_HEADS: T = (
    "Проректорлар, құрылымдық бөлімшелердің басшылары, жауапты қызметкерлер",
    "Проректоры, руководители структурных подразделений, ответственные сотрудники",
    "Vice-rectors, heads of structural units, responsible employees",
)
PARTICIPANTS: T = (
    "«Қ. Құлажанов атындағы ҚазТБУ» АҚ Ректоры, проректорлар, ҚБ басшылары",
    "Ректор АО «КазУТБ им. К. Кулажанова», проректоры, руководители структурных подразделений",
    "Rector of K. Kulazhanov KazUTB JSC, vice-rectors, heads of structural units",
)

REGULATORY: T = ("Реттеуші талаптар", "Нормативные требования", "Regulatory requirements")
STRATEGIC_DOCS: T = ("Стратегиялық құжаттар", "Стратегические документы", "Strategic documents")
STAKEHOLDER_REQUESTS: T = (
    "Мүдделі тараптардың өтініштері",
    "Обращения заинтересованных сторон",
    "Requests of stakeholders",
)
MANAGEMENT_DECISIONS: T = ("Басқару шешімдері", "Управленческие решения", "Management decisions")
ACTIVITY_REPORTS: T = (
    "Іс-шаралардың есептері мен нәтижелері",
    "Отчёты и результаты мероприятий",
    "Reports and results of activities",
)
STATE_AGENCIES: T = ("Мемлекеттік агенттіктер", "Государственные органы", "State agencies")
STRUCTURAL_UNITS: T = ("Құрылымдық бөлімшелер", "Структурные подразделения", "Structural units")
EXTERNAL_PARTNERS: T = ("Сыртқы серіктестер", "Внешние партнёры", "External partners")
ADMINISTRATION: T = ("Университет әкімшілігі", "Администрация университета", "University administration")
UNITS_SHORT: T = ("ҚБ", "Структурные подразделения", "Structural units")
STUDENTS_PARTNERS: T = ("Студенттер мен серіктестер", "Студенты и партнёры", "Students and partners")
HUMAN: T = ("Адам ресурстары", "Человеческие ресурсы", "Human resources")
IS: T = ("Ақпараттық жүйелер", "Информационные системы", "Information systems")
FINANCE: T = ("Қаржылық ресурстар", "Финансовые ресурсы", "Financial resources")
INFRA: T = ("Инфрақұрылым", "Инфраструктура", "Infrastructure")
PLAN_FULFILMENT: T = (
    "Жоспарланған көрсеткіштерді орындау",
    "Выполнение плановых показателей",
    "Fulfilment of planned indicators",
)
PERFORMANCE: T = ("Өнімділік", "Результативность", "Performance")
SATISFACTION: T = (
    "Мүдделі тараптардың қанағаттануы",
    "Удовлетворённость заинтересованных сторон",
    "Stakeholder satisfaction",
)
ORDERS: T = (
    "Президент/Ректордың бұйрықтары мен нұсқаулары",
    "Приказы и распоряжения Президента/Ректора",
    "Orders and instructions of the President/Rector",
)
ALL_REGULATIONS: T = (
    "Барлық түрдегі әзірленген реттеуші құжаттар",
    "Все разработанные нормативные документы всех видов",
    "All developed regulatory documents of all types",
)
MINUTES: T = ("Коллегиялық ұйымдардың хаттамалары", "Протоколы коллегиальных органов", "Minutes of collegiate bodies")
PLANNING: T = ("Іс-шараларды жоспарлау", "Планирование мероприятий", "Planning activities")
IMPLEMENTING: T = ("Шараларды жүзеге асыру", "Реализация мер", "Implementing measures")
MONITORING: T = ("Индикаторларды бақылау", "Мониторинг показателей", "Monitoring indicators")
ANALYSING: T = ("Нәтижелерді талдау", "Анализ результатов", "Analysing results")
CORRECTING: T = (
    "Түзету шаралары мен жетілдіру",
    "Корректирующие меры и улучшение",
    "Corrective measures and improvement",
)
RISK_REDUCTION: T = ("Тәуекелді азайту", "Снижение рисков", "Risk reduction")


def items(*phrases: T) -> L:
    """A list field from phrases, one item per line in each language."""
    return ([p[0] for p in phrases], [p[1] for p in phrases], [p[2] for p in phrases])


INPUTS = items(REGULATORY, STRATEGIC_DOCS, STAKEHOLDER_REQUESTS)
OUTPUTS = items(
    MANAGEMENT_DECISIONS,
    ("Есептер мен өнімділік нәтижелері", "Отчёты и результаты деятельности", "Reports and performance results"),
)
SUPPLIERS = items(STATE_AGENCIES, STRUCTURAL_UNITS, EXTERNAL_PARTNERS)
CONSUMERS = items(ADMINISTRATION, UNITS_SHORT, STUDENTS_PARTNERS)
RESOURCES = items(HUMAN, IS, FINANCE, INFRA)
EVALUATION = items(PLAN_FULFILMENT, PERFORMANCE, SATISFACTION)
DOCUMENTS = items(ORDERS, ALL_REGULATIONS, MINUTES)
CONTENT = items(PLANNING, IMPLEMENTING, MONITORING, ANALYSING, CORRECTING)

# ---- The 22 cards ----------------------------------------------------------------------------------------
PROCESSES: list[dict[str, Any]] = [
    {
        "number": 1, "category": "management",
        "code": "ҚазТБУ-Р-ПАК-4.1/6.3-2026-01", "id_code": "ҚазТБУ-П/Р-ПАК-4.1/6.3-2026-01",
        "name": ("Университеттің стратегиялық дамуы", "Стратегическое развитие университета", "Strategic development of the University"),
        "owner": PRESIDENT_RECTOR, "manager": SDD_DIRECTOR, "participants": PARTICIPANTS_HEADS,
        "key_indicators": items(
            ("Стратегиялық көрсеткіштерге қол жеткізу пайызы (даму бағдарламасының КРІ)", "Процент достижения стратегических показателей (KPI программы развития)", "Percentage of strategic indicators achieved (development programme KPIs)"),
            ("Ұлттық және әлемдік рейтингтердегі орындар", "Места в национальных и мировых рейтингах", "Places in national and world rankings"),
            ("Даму жоспарының уақытында аяқталған іс-шараларының пайызы", "Процент мероприятий плана развития, завершённых в срок", "Percentage of development-plan activities completed on time"),
        ),
        "goal": ("Университеттің тұрақты дамуын қамтамасыз ету және стратегиялық көрсеткіштерге қол жеткізу.", "Обеспечение устойчивого развития университета и достижение стратегических показателей.", "Ensuring the sustainable development of the University and achieving its strategic indicators."),
        "inputs": INPUTS, "outputs": OUTPUTS, "suppliers": SUPPLIERS,
        "consumers": items(("Университет басқармасы", "Руководство университета", "University management"), ("Бөлімдер, студенттер және серіктестер", "Подразделения, студенты и партнёры", "Units, students and partners")),
        "resources": RESOURCES,
        "evaluation_indicators": items(
            ("Жоспарланған көрсеткіштерге қол жеткізу", "Достижение плановых показателей", "Achievement of planned indicators"),
            ("Өнімділік тиімділігі", "Эффективность деятельности", "Performance efficiency"),
            SATISFACTION,
        ),
        "documented_information": items(
            ("Ережелер мен ережелер", "Положения и правила", "Regulations and rules"),
            ("Есептер", "Отчёты", "Reports"),
            ("Коллегиялық органдардың хаттамалары", "Протоколы коллегиальных органов", "Minutes of collegiate bodies"),
            ("Бұйрықтар", "Приказы", "Orders"),
        ),
        "content": CONTENT,
    },
    {
        "number": 2, "category": "management",
        "code": "ҚазТБУ-Р-ПАК-4.4-2026-02", "id_code": "ҚазТБУ-Р-ПАК-4.4-2026-02",
        "name": ("Сапаны басқару жүйесін басқару", "Управление системой менеджмента качества", "Management of the quality management system"),
        "owner": RECTOR, "manager": SDD_DIRECTOR, "participants": PARTICIPANTS_HEADS,
        "key_indicators": items(
            ("Ішкі аудит нәтижелері", "Результаты внутреннего аудита", "Internal audit results"),
            ("Түзету шараларын жүзеге асыру", "Выполнение корректирующих мер", "Implementation of corrective measures"),
        ),
        "goal": ("Университеттің СМЖ-нің жұмысын және үздіксіз жетілдіруін қамтамасыз ету.", "Обеспечение функционирования и непрерывного улучшения СМК университета.", "Ensuring the operation and continual improvement of the University's QMS."),
        "inputs": INPUTS, "outputs": items(MANAGEMENT_DECISIONS, ACTIVITY_REPORTS), "suppliers": SUPPLIERS,
        "consumers": items(ADMINISTRATION, ("Бірлескен кәсіпорындардың басшылары", "Руководители структурных подразделений", "Heads of structural units"), STUDENTS_PARTNERS),
        "resources": RESOURCES, "evaluation_indicators": EVALUATION,
        "documented_information": items(
            ("Ережелер мен ережелер", "Положения и правила", "Regulations and rules"),
            ("Есептер", "Отчёты", "Reports"),
            MINUTES,
            ("Тапсырыстар", "Приказы", "Orders"),
        ),
        "content": CONTENT,
    },
    {
        "number": 3, "category": "management",
        "code": "ҚазТБУ-П/Р-ПАК-6.1-2026-03", "id_code": "ҚазТБУ-П/Р-ПАК-6.1-2026-03",
        "name": ("Тәуекелдерді басқару", "Управление рисками", "Risk management"),
        "owner": PRESIDENT_RECTOR, "manager": SDD_DIRECTOR, "participants": PARTICIPANTS_HEADS,
        "key_indicators": items(
            ("Нақты зиянды азайту", "Снижение фактического ущерба", "Reduction of actual damage"),
            ("«Қызыл аймақтан» пайда болған тәуекелдердің үлесі", "Доля рисков, вышедших из «красной зоны»", "Share of risks that emerged from the \"red zone\""),
            ("Лицензиялардың қайтарылмауы, соттың ірі шығындары немесе қызметтің тоқтатылуы факті", "Отсутствие фактов отзыва лицензий, крупных судебных потерь или приостановления деятельности", "No revoked licences, major court losses or suspension of activity"),
            ("Тәуекелді анықтау және бағалау процедурасымен қамтитын университет процестерінің пайыздық үлесі", "Процентная доля процессов университета, охваченных процедурой идентификации и оценки рисков", "Percentage of the University's processes covered by the risk identification and assessment procedure"),
            ("Мақұлданған жоспардан алынған тәуекелді болдырмау шараларының пайызы", "Процент выполненных мер по предотвращению рисков из утверждённого плана", "Percentage of the risk-avoidance measures of the approved plan carried out"),
        ),
        "goal": ("Университеттің тәуекелдері мен мүмкіндіктерін анықтау, талдау және басқару.", "Выявление, анализ и управление рисками и возможностями университета.", "Identifying, analysing and managing the University's risks and opportunities."),
        "inputs": INPUTS,
        "outputs": items(("Тәуекел регистрі", "Реестр рисков", "Risk register"), ("Тәуекелдерді басқару жоспарлары", "Планы управления рисками", "Risk management plans"), MANAGEMENT_DECISIONS, ACTIVITY_REPORTS),
        "suppliers": items(("СМЖ басқару", "Управление СМК", "QMS management"), ("Стратегиялық даму", "Стратегическое развитие", "Strategic development")),
        "consumers": items(ADMINISTRATION, UNITS_SHORT, EXTERNAL_PARTNERS),
        "resources": RESOURCES, "evaluation_indicators": EVALUATION,
        "documented_information": items(ORDERS, ("Тәуекел регистрі", "Реестр рисков", "Risk register"), ("ІНҚ", "Внутренние нормативные документы", "Internal regulatory documents"), ("Тәуекелдерді басқару есептері", "Отчёты по управлению рисками", "Risk management reports")),
        "content": items(
            ("Тәуекелді анықтау қызметтерін жоспарлау", "Планирование деятельности по идентификации рисков", "Planning risk identification activities"),
            ("Тәуекелдерді басқару шараларын әзірлеу", "Разработка мер по управлению рисками", "Developing risk management measures"),
            IMPLEMENTING, MONITORING, ANALYSING, CORRECTING,
        ),
    },
    {
        "number": 4, "category": "management",
        "code": "ҚазТБУ-П/Р-ПАК-7.5-2026-04", "id_code": "ҚазТБУ-Р/П-ПАК-7.5-2026-04",
        "name": ("Реттеуші құжаттарды басқару", "Управление регламентирующими документами", "Management of regulatory documents"),
        "owner": PRESIDENT_RECTOR, "manager": SDD_DIRECTOR,
        "participants": ("Қ.Құлажанов атындағы басшылары мен ректоры, Қ.Құлажанов атындағы жауапты қызметкерлері", "Руководители и ректор КазУТБ им. К. Кулажанова, ответственные сотрудники", "Managers and the Rector of K. Kulazhanov KazUTB, responsible employees"),
        "key_indicators": items(
            ("Ағымдағы ІНҚ үлесі", "Доля актуальных внутренних нормативных документов", "Share of current (valid) internal regulatory documents"),
            ("Қайшылықтар коэффициенті", "Коэффициент противоречий", "Contradiction coefficient"),
        ),
        "goal": ("Университеттің нормативтік құжаттарын басқару.", "Управление нормативными документами университета.", "Managing the University's regulatory documents."),
        "inputs": items(("Заңдық талаптар", "Требования законодательства", "Legal requirements"), ORDERS, ("Ішкі реттеуші құжаттар", "Внутренние нормативные документы", "Internal regulatory documents")),
        "outputs": items(("Мақұлданған реттеуші құжаттар", "Утверждённые нормативные документы", "Approved regulatory documents"), ("Жаңартылған реттеуші құжаттар", "Обновлённые нормативные документы", "Updated regulatory documents")),
        "suppliers": items(STATE_AGENCIES, STRUCTURAL_UNITS),
        "consumers": items(
            ("Қ. Құлажанов атындағы ҚазТБУ-ның барлық бөлімшелері", "Все подразделения КазУТБ им. К. Кулажанова", "All units of K. Kulazhanov KazUTB"),
            ADMINISTRATION,
            ("Қ. Құлажанов атындағы «ҚазТБУ» АҚ-ның студенттері мен серіктестері", "Студенты и партнёры АО «КазУТБ им. К. Кулажанова»", "Students and partners of K. Kulazhanov KazUTB JSC"),
        ),
        "resources": items(("Электронды құжаттарды басқару жүйесі", "Система электронного документооборота", "Electronic document management system"), ("Архив", "Архив", "Archive"), HUMAN, IS, FINANCE, INFRA),
        "evaluation_indicators": EVALUATION,
        "documented_information": items(ORDERS, ("Университеттің әзірленген барлық реттеуші құжаттары", "Все разработанные нормативные документы университета", "All regulatory documents developed by the University")),
        "content": items(
            ("Реттеуші құжаттарды әзірлеу", "Разработка нормативных документов", "Developing regulatory documents"),
            ("Құжаттарды мақұлдау", "Согласование документов", "Approving documents"),
            ("Барлық мүдделі тараптардың хабардарлығын арттыру үшін тіркеу және жариялау", "Регистрация и опубликование для информирования всех заинтересованных сторон", "Registering and publishing documents so that every stakeholder is informed"),
            ("Маңыздылықты бақылау", "Контроль актуальности", "Monitoring that documents are current"),
            ("Құжаттарды жаңарту", "Актуализация документов", "Updating documents"),
        ),
    },
    {
        "number": 5, "category": "management",
        "code": "ҚазТБУ-П/Р-ПАК-9.3-2026-05", "id_code": "ҚазТБУ-П/Р-ПАК-9.3-2026-05",
        "name": ("Басшылық тарапынан талдау", "Анализ со стороны руководства", "Management review"),
        "owner": PRESIDENT_RECTOR, "manager": SDD_DIRECTOR,
        "participants": ("«Қ. Құлажанов атындағы ҚазТБУ» АҚ басшылары мен ректоры, жауапты қызметкерлері", "Руководители и ректор АО «КазУТБ им. К. Кулажанова», ответственные сотрудники", "Managers and the Rector of K. Kulazhanov KazUTB JSC, responsible employees"),
        "key_indicators": items(RISK_REDUCTION),
        "goal": ("СМЖ-нің тиімділігін бағалау және жетілдіру үшін басқару шешімдерін қабылдау.", "Принятие управленческих решений для оценки результативности и улучшения СМК.", "Making management decisions to evaluate and improve the effectiveness of the QMS."),
        "inputs": items(("Заңдық талаптар", "Требования законодательства", "Legal requirements"), ORDERS, ("Ішкі реттеуші құжаттар", "Внутренние нормативные документы", "Internal regulatory documents"), STRATEGIC_DOCS, STAKEHOLDER_REQUESTS),
        "outputs": items(("Мақұлданған реттеуші құжаттар", "Утверждённые нормативные документы", "Approved regulatory documents"), ("Жаңартылған реттеуші құжаттар", "Обновлённые нормативные документы", "Updated regulatory documents"), MANAGEMENT_DECISIONS, ACTIVITY_REPORTS),
        "suppliers": SUPPLIERS,
        "consumers": items(
            ("«Қ. Құлажанов атындағы ҚазТБУ» АҚ-ның барлық бөлімшелері", "Все подразделения АО «КазУТБ им. К. Кулажанова»", "All units of K. Kulazhanov KazUTB JSC"),
            ADMINISTRATION,
            ("«Қ. Құлажанов атындағы ҚазТБУ» АҚ-ның студенттері мен серіктестері", "Студенты и партнёры АО «КазУТБ им. К. Кулажанова»", "Students and partners of K. Kulazhanov KazUTB JSC"),
        ),
        "resources": RESOURCES, "evaluation_indicators": EVALUATION,
        "documented_information": items(ORDERS, ("Университеттің әзірленген барлық реттеуші құжаттары", "Все разработанные нормативные документы университета", "All regulatory documents developed by the University"), MINUTES),
        "content": items(PLANNING, IMPLEMENTING, MONITORING, ANALYSING, ("Түзету әрекеттерін бақылау және жетілдіру", "Контроль корректирующих действий и улучшение", "Monitoring corrective actions and improvement"), CORRECTING),
    },
    {
        "number": 6, "category": "management",
        "code": "ҚазТБУ-П/Р-ПАК-7.1.3 -2026-06", "id_code": "ҚазТБУ-П/Р-ПАК-7.1.3 -2026-06",
        "name": ("Цифрлық даму", "Цифровое развитие", "Digital development"),
        "owner": PRESIDENT_RECTOR,
        "manager": ("Ақпараттық және технологиялық даму орталығының директоры", "Директор Центра информационного и технологического развития", "Director of the Center for Information and Technological Development"),
        "participants": PARTICIPANTS,
        "key_indicators": items(RISK_REDUCTION),
        "goal": ("Университеттің цифрлық инфрақұрылымы мен цифрлық қызметтерін дамыту.", "Развитие цифровой инфраструктуры и цифровых сервисов университета.", "Developing the University's digital infrastructure and digital services."),
        "inputs": items(("Пайдаланушы қажеттіліктері", "Потребности пользователей", "User needs"), ("Цифрландыру стратегиясы", "Стратегия цифровизации", "Digitalization strategy"), REGULATORY, STRATEGIC_DOCS, STAKEHOLDER_REQUESTS),
        "outputs": items(("Цифрлық қызметтер", "Цифровые сервисы", "Digital services"), IS, MANAGEMENT_DECISIONS, ACTIVITY_REPORTS),
        "suppliers": items(STRUCTURAL_UNITS, EXTERNAL_PARTNERS),
        "consumers": items(("Студенттер", "Студенты", "Students"), ("Мұғалімдер", "Преподаватели", "Teachers"), ("Әкімшілік", "Администрация", "Administration")),
        "resources": items(("IT инфрақұрылымы", "ИТ-инфраструктура", "IT infrastructure"), ("Бағдарламалық қамтамасыз ету", "Программное обеспечение", "Software"), HUMAN, INFRA, FINANCE),
        "evaluation_indicators": items(("IT жүйелерінің қолжетімділігі", "Доступность ИТ-систем", "IT system availability"), ("Цифрландыру деңгейі", "Уровень цифровизации", "Level of digitalization"), PLAN_FULFILMENT, PERFORMANCE, SATISFACTION),
        "documented_information": DOCUMENTS, "content": CONTENT,
    },
    {
        "number": 7, "category": "management",
        "code": "ҚазТБУ-Р-ПАК-8.1/8.2-2026-07", "id_code": "ҚазТБУ-Р-ПАК-8.1/8.2-2026-07",
        "name": ("Халықаралық қызмет", "Международная деятельность", "International activity"),
        "owner": RECTOR,
        "manager": ("Халықаралық ынтымақтастық және академиялық мобильділік кафедрасының меңгерушісі", "Заведующий кафедрой международного сотрудничества и академической мобильности", "Head of the Department of International Cooperation and Academic Mobility"),
        "participants": PARTICIPANTS,
        "key_indicators": items(
            ("Шетелдік студенттердің жалпы контингентіндегі үлесі", "Доля иностранных студентов в общем контингенте", "Share of foreign students in the total student body"),
            ("Қабылдау географиясы (жақын және алыс шетел)", "География приёма (ближнее и дальнее зарубежье)", "Admission geography (near and far abroad)"),
            ("Кіретін мобильділік (қосымша, сыртқы қызмет)", "Входящая мобильность", "Inbound mobility"),
            ("Шығыс мобильділік (сыртқы және сыртқы қозғалыс)", "Исходящая мобильность", "Outbound mobility"),
            ("Күшінде тұрған ынтымақтастық келісімдерінің саны", "Количество действующих соглашений о сотрудничестве", "Number of cooperation agreements in force"),
            ("Шетелдік ғылыми және педагогикалық қызметкерлердің үлесі", "Доля иностранных научных и педагогических работников", "Share of foreign academic and teaching staff"),
        ),
        "goal": ("Халықаралық ынтымақтастықты дамыту және университеттің халықаралық білім беру кеңістігіне интеграциясы.", "Развитие международного сотрудничества и интеграция университета в международное образовательное пространство.", "Developing international cooperation and integrating the University into the international educational space."),
        "inputs": items(("Серіктестік ұсыныстар", "Предложения о партнёрстве", "Partnership proposals"), ("Халықаралық бағдарламалар", "Международные программы", "International programmes"), STRATEGIC_DOCS, STAKEHOLDER_REQUESTS),
        "outputs": items(("Ынтымақтастық келісімдері", "Соглашения о сотрудничестве", "Cooperation agreements"), ("Академиялық мобильділік бағдарламалары", "Программы академической мобильности", "Academic mobility programmes"), MANAGEMENT_DECISIONS, ACTIVITY_REPORTS),
        "suppliers": SUPPLIERS, "consumers": CONSUMERS, "resources": RESOURCES, "evaluation_indicators": EVALUATION,
        "documented_information": DOCUMENTS,
        "content": items(("Пайдаланушы қажеттіліктерін талдау", "Анализ потребностей пользователей", "Analysing user needs"), PLANNING, IMPLEMENTING, MONITORING, ANALYSING, CORRECTING),
    },
    {
        "number": 8, "category": "management",
        "code": "ҚазТБУ-Р-ПАК-8.4.3-2026-08", "id_code": "ҚазТБУ-Р-ПАК-8.4.3-2026-08",
        "name": ("Қоғамды ақпараттандыру", "Информирование общественности", "Informing the public"),
        "owner": RECTOR,
        "manager": ("Маркетинг және қоғаммен байланыс бөлімінің басшысы", "Руководитель отдела маркетинга и связей с общественностью", "Head of the Marketing and Public Relations Department"),
        "participants": PARTICIPANTS,
        "key_indicators": items(
            ("Ай сайынғы жарияланымдар саны (сыртқы медиа + өз ресурстары)", "Ежемесячное количество публикаций (внешние СМИ + собственные ресурсы)", "Monthly number of publications (external media + own resources)"),
            ("Осы кезеңдегі мазмұнның жалпы қаралу саны", "Общее количество просмотров контента за период", "Total content views in the period"),
            ("Аудиторияның әлеуметтік желідегі жазбалармен өзара әрекеттесуінің қатынасы", "Коэффициент вовлечённости аудитории в публикации в социальных сетях", "Audience engagement rate with social-network posts"),
            ("Қоғамдық сұрақтар/пікірлерге жауап беру уақыты (мақсат жұмыс уақытында 2 сағатқа дейін)", "Время ответа на вопросы/комментарии общественности (цель — до 2 часов в рабочее время)", "Response time to public questions/comments (target: up to 2 hours in working time)"),
            ("Оң немесе бейтарап кілті бар материалдардың пайызы", "Процент материалов с позитивной или нейтральной тональностью", "Percentage of materials with a positive or neutral tone"),
        ),
        "goal": ("Мақсатты аудиторияға Қ. Құлажанов атындағы «ҚазТБУ» АҚ-ның қызметі туралы уақытты, сенімді және өзекті ақпарат ұсыну, оның беделін нығайту және мүдделі тараптарды тарту мақсатында.", "Предоставление целевой аудитории своевременной, достоверной и актуальной информации о деятельности АО «КазУТБ им. К. Кулажанова» в целях укрепления его репутации и привлечения заинтересованных сторон.", "Providing the target audience with timely, reliable and relevant information about the activity of K. Kulazhanov KazUTB JSC, in order to strengthen its reputation and engage stakeholders."),
        "inputs": items(
            ("Жаңалықтар (оқиғалар, студенттердің жеңістері, ғылыми жаңалықтар)", "Новости (события, победы студентов, научные новости)", "News (events, students' victories, science news)"),
            ("Іс-шаралар кестесі", "График мероприятий", "Schedule of events"),
            ("Басқарма бұйрықтары", "Приказы руководства", "Orders of the management"),
            ("Қабылдау ережелеріндегі өзгерістер", "Изменения в правилах приёма", "Changes in the admission rules"),
        ),
        "outputs": items(
            ("Баспасөз хабарламалары", "Пресс-релизы", "Press releases"),
            ("Медиа және әлеуметтік желілердегі басылымдар (Instagram, TikTok, Facebook)", "Публикации в СМИ и социальных сетях (Instagram, TikTok, Facebook)", "Publications in the media and social networks (Instagram, TikTok, Facebook)"),
            ("Ресми сайттағы контент", "Контент на официальном сайте", "Content on the official website"),
            ("Жарнамалық материалдар мен брендтелген өнімдер", "Рекламные материалы и брендированная продукция", "Promotional materials and branded products"),
        ),
        "suppliers": SUPPLIERS,
        "consumers": items(ADMINISTRATION, UNITS_SHORT, STUDENTS_PARTNERS, ("Сыртқы мүдделі тараптар", "Внешние заинтересованные стороны", "External stakeholders")),
        "resources": items(
            ("Адам ресурстары: баспасөз хатшысы, SMM менеджері, контент жасаушы, фотограф/видеограф, IT маманы", "Человеческие ресурсы: пресс-секретарь, SMM-менеджер, контент-мейкер, фотограф/видеограф, ИТ-специалист", "Human resources: press secretary, SMM manager, content creator, photographer/videographer, IT specialist"),
            IS,
            ("Қаржылық ресурстар: үшінші тарап медиа саласындағы мақсатты жарнама мен жарияланымдарға арналған бюджет", "Финансовые ресурсы: бюджет на таргетированную рекламу и публикации в сторонних СМИ", "Financial resources: a budget for targeted advertising and publications in third-party media"),
            ("Инфрақұрылым: фото/видео жабдықтар, жобалау бағдарламалық жасақтамасы бар компьютерлер, ресми веб-сайт, пошта жүйелері", "Инфраструктура: фото- и видеооборудование, компьютеры с программами для дизайна, официальный сайт, почтовые системы", "Infrastructure: photo and video equipment, computers with design software, the official website, mail systems"),
        ),
        "evaluation_indicators": EVALUATION, "documented_information": DOCUMENTS,
        "content": items(PLANNING, IMPLEMENTING, MONITORING, ANALYSING, ("Түзету әрекеттері", "Корректирующие действия", "Corrective actions"), ("Жақсарту", "Улучшение", "Improvement")),
    },
    {
        "number": 9, "category": "core",
        "code": "ҚазТБУ-ТжӘЖЖП-ПАК-8.2.1/8.2.2-2026-09", "id_code": "ҚазТБУ-ТжӘЖЖП-ПАК-8.2.1/8.2.2-2026-09",
        "name": ("Контингентті құру, студенттерді қабылдау", "Формирование контингента, приём студентов", "Forming the student body, admission of students"),
        "owner": VR_UPBRINGING,
        "manager": ("Контингентті құру бөлімі", "Отдел формирования контингента", "Contingent Formation Department"),
        "participants": PARTICIPANTS,
        "key_indicators": items(
            ("Контингентті қалыптастыру (жалдау жоспарын орындау)", "Формирование контингента (выполнение плана набора)", "Forming the student body (fulfilment of the admission plan)"),
            ("Конверсия коэффициенті (есептелгендер санының өтініш бергендер санына немесе өтініш бергендер (жетекшілер) санына қатынасы)", "Коэффициент конверсии (отношение числа зачисленных к числу подавших заявления или к числу лидов)", "Conversion rate (the number enrolled divided by the number of applicants, or of leads)"),
            ("Қабылдау географиясы (шетелдік білім алушылардың үлесі)", "География приёма (доля иностранных обучающихся)", "Admission geography (share of foreign students)"),
            ("Орташа балл («олимпиадашылардың» үлесі)", "Средний балл (доля «олимпиадников»)", "Average score (share of \"olympiad winners\")"),
            ("Тарту арналарының тиімділігі (мектептердегі Ашық есік күндерінен, әлеуметтік желілерден, білім беру көрмелерінен немесе кәсіптік бағдарлау бағдарламаларынан келген оқуға қабылданғандардың үлесі)", "Эффективность каналов привлечения (доля зачисленных, пришедших с Дней открытых дверей в школах, из социальных сетей, с образовательных выставок или профориентационных программ)", "Effectiveness of attraction channels (share of enrolees who came from open days at schools, social networks, education fairs or career-guidance programmes)"),
        ),
        "goal": ("Жоғары сапалы студенттер тобының қалыптасуы.", "Формирование высококачественного контингента студентов.", "Forming a high-quality student body."),
        "inputs": INPUTS, "outputs": OUTPUTS, "suppliers": SUPPLIERS, "consumers": CONSUMERS, "resources": RESOURCES,
        "evaluation_indicators": EVALUATION, "documented_information": DOCUMENTS, "content": CONTENT,
    },
    {
        "number": 10, "category": "core",
        "code": "ҚазТБУ-АСП-ПАК-8.3-2026-10", "id_code": "ҚазТБУ-АСП-ПАК-8.3-2026-10",
        "name": ("Білім беру бағдарламаларын әзірлеу және жаңарту", "Разработка и обновление образовательных программ", "Development and updating of educational programmes"),
        "owner": VR_ACADEMIC, "manager": EP_DEPARTMENT, "participants": PARTICIPANTS,
        "key_indicators": items(
            ("Жұмыс берушілердің қатысуымен әзірленген / жаңартылған ББ үлесі", "Доля ОП, разработанных / обновлённых с участием работодателей", "Share of educational programmes developed / updated with employers' participation"),
            ("Мазмұнды жаңарту жиілігі", "Частота обновления содержания", "Frequency of content updates"),
            ("ЖОАК-пен жасақталған ББ пәндерінің үлесі", "Доля дисциплин ОП, обеспеченных ЖОАК", "Share of programme disciplines provided with ЖОАК"),
            ("Бағдарламаларды тексеру кезінде сараптамалық комиссиялардың ескертулерінің саны", "Количество замечаний экспертных комиссий при проверке программ", "Number of expert commissions' remarks when programmes are checked"),
            ("Ішкі регламентте белгіленген мерзімде жаңартылған бағдарламалардың үлесі", "Доля программ, обновлённых в сроки, установленные внутренним регламентом", "Share of programmes updated within the deadlines set by internal regulations"),
        ),
        "goal": ("Еңбек нарығының талаптарын ескере отырып, білім беру бағдарламаларын құру және жаңарту.", "Создание и обновление образовательных программ с учётом требований рынка труда.", "Creating and updating educational programmes in line with the labour market's requirements."),
        "inputs": INPUTS, "outputs": OUTPUTS, "suppliers": SUPPLIERS, "consumers": CONSUMERS, "resources": RESOURCES,
        "evaluation_indicators": EVALUATION, "documented_information": DOCUMENTS, "content": CONTENT,
    },
    {
        "number": 11, "category": "core",
        "code": "ҚазТБУ-АСП-ПАК-8.5-2026-11", "id_code": "ҚазТБУ-АСП-ПАК-8.5-2026-11",
        "name": ("Білім беру процесін жүзеге асыру", "Реализация образовательного процесса", "Implementation of the educational process"),
        "owner": VR_ACADEMIC, "manager": EP_DEPARTMENT, "participants": PARTICIPANTS,
        "key_indicators": items(
            ("Абсолютті академиялық көрсеткіш", "Абсолютная успеваемость", "Absolute academic performance"),
            ("Жоғары сапалы академиялық көрсеткіштер", "Качественная успеваемость", "Quality academic performance"),
            ("Диплом алған түлектердің үлесі", "Доля выпускников, получивших диплом", "Share of graduates who received a diploma"),
            ("Тәжірибеге бағытталған сабақтардың үлесі", "Доля практико-ориентированных занятий", "Share of practice-oriented classes"),
            ("Персонал дәрежесі", "Остепенённость персонала", "Share of staff holding academic degrees"),
            ("Әдебиет пен бағдарламалық қамтамасыз етуді ұсыну", "Обеспеченность литературой и программным обеспечением", "Provision of literature and software"),
            ("Студенттердің қанағаттануы", "Удовлетворённость студентов", "Student satisfaction"),
        ),
        "goal": ("Оқу нәтижелеріне қол жеткізу үшін білім беру процесін ұйымдастыру және жүргізу.", "Организация и проведение образовательного процесса для достижения результатов обучения.", "Organizing and conducting the educational process so that the learning outcomes are achieved."),
        "inputs": INPUTS, "outputs": OUTPUTS, "suppliers": SUPPLIERS, "consumers": CONSUMERS, "resources": RESOURCES,
        "evaluation_indicators": EVALUATION, "documented_information": DOCUMENTS, "content": CONTENT,
    },
    {
        "number": 12, "category": "core",
        "code": "ҚазТБУ-ҒЖИЖП-ПАК-8.1-9.1-2026-12", "id_code": "ҚазТБУ-ҒЖИЖП-ПАК-8.1-9.1-2026-12",
        "name": ("Қосымша білім беру бағдарламаларын жобалау және жүзеге асыру", "Проектирование и реализация программ дополнительного образования", "Design and implementation of additional education programmes"),
        "owner": VR_SCIENCE,
        "manager": ("Құзыреттілік орталығы", "Центр компетенций", "Competence Center"),
        "participants": PARTICIPANTS,
        "key_indicators": items(
            ("Оқу кезеңінде оқытылған студенттердің саны", "Количество слушателей, обученных за период", "Number of learners trained in the period"),
            ("Үздіксіз білім беру бағдарламаларының қаржылық тиімділігі", "Финансовая эффективность программ непрерывного образования", "Financial efficiency of continuing-education programmes"),
            ("Жүзеге асырылған бағдарламалар саны", "Количество реализованных программ", "Number of programmes delivered"),
            ("Жаңа әзірленген бағдарламалар саны", "Количество вновь разработанных программ", "Number of newly developed programmes"),
            ("Нақты қабылданған студенттердің жоспарланған студенттерге қатынасы", "Отношение фактически зачисленных слушателей к запланированным", "Actual enrolments divided by planned enrolments"),
            ("Курс соңында студенттерге жүргізілген сауалнама нәтижелері (оқытушының мазмұны, жағдайы және жұмысын бағалау)", "Результаты анкетирования слушателей по окончании курса (оценка содержания, условий и работы преподавателя)", "End-of-course survey results (assessment of the content, the conditions and the teacher's work)"),
            ("Оқытушылар құрамының сапасы", "Качество преподавательского состава", "Quality of the teaching staff"),
        ),
        "goal": ("Еңбек нарығының қажеттіліктерін қанағаттандыру үшін жоғары сапалы және тиісті оқыту ұсыну, мамандардың біліктілігін арттыру және университеттің дамуына қосымша табыс әкелу.", "Предоставление качественного и востребованного обучения для удовлетворения потребностей рынка труда, повышение квалификации специалистов и получение дополнительного дохода для развития университета.", "Offering high-quality, relevant training that meets the labour market's needs, raising specialists' qualifications and bringing additional income for the University's development."),
        "inputs": items(
            ("Заң шығарушы нормалар", "Законодательные нормы", "Legislative norms"),
            ("Компаниялар мен жеке тұлғалардан сұраныс", "Запросы компаний и физических лиц", "Requests from companies and individuals"),
            ("Кәсіби стандарттар мен нарық талаптары", "Профессиональные стандарты и требования рынка", "Professional standards and market requirements"),
            ("Факультет ресурстары мен ғылыми-техникалық базасы", "Ресурсы и научно-техническая база факультетов", "The faculties' resources and scientific and technical base"),
        ),
        "outputs": items(
            ("Білікті мамандар (тағылымдамаданушылар)", "Квалифицированные специалисты (стажёры)", "Qualified specialists (trainees)"),
            ("Берілген сертификаттар саны", "Количество выданных сертификатов", "Number of certificates issued"),
            ("Университет бюджетіндегі жұмыс істері мен кірістері", "Поступления в бюджет университета", "Income to the University's budget"),
            ("Тұтынушылардың қанағаттануын талдау", "Анализ удовлетворённости потребителей", "Analysis of customer satisfaction"),
        ),
        "suppliers": items(
            ("Нарықтық деректер (нарықтық қажеттіліктер)", "Рыночные данные (потребности рынка)", "Market data (market needs)"),
            ("Мемлекеттік органдар", "Государственные органы", "State bodies"),
            ("Мұғалімдердің кадрлық резерві", "Кадровый резерв преподавателей", "Talent pool of teachers"),
            EXTERNAL_PARTNERS,
        ),
        "consumers": CONSUMERS,
        "resources": items(
            ("Кадрлар: білікті оқытушылар (оқытушылар), Құзыреттілік орталығының әдістемелері, шақырылған сарапшы практиктер", "Кадры: квалифицированные преподаватели, методисты Центра компетенций, приглашённые эксперты-практики", "Staff: qualified teachers, the Competence Center's methodologists, invited practitioner experts"),
            ("Ақпараттық жүйелер: электрондық кітапханаларға қолжетімділік, жобалау бағдарламалық жасақтамасы", "Информационные системы: доступ к электронным библиотекам, программы для проектирования", "Information systems: access to electronic libraries, design software"),
            FINANCE, INFRA,
        ),
        "evaluation_indicators": EVALUATION,
        "documented_information": items(
            ORDERS, ALL_REGULATIONS,
            ("Берілген куәліктердің тіркеуі", "Реестр выданных удостоверений", "Register of the certificates issued"),
            ("Сынып журналы (немесе сандық журналдар)", "Журнал группы (или электронные журналы)", "Class register (or digital registers)"),
            ("Қосымша білім беру қызметтерін көрсету туралы келісімшарттар", "Договоры об оказании услуг дополнительного образования", "Contracts for additional education services"),
            ("Тыңдаушылар арасындағы сауалнама нәтижелері туралы есептер", "Отчёты о результатах анкетирования слушателей", "Reports on the results of the listeners' surveys"),
        ),
        "content": CONTENT,
    },
    {
        "number": 13, "category": "core",
        "code": "ҚазТБУ-ҒЖИЖП-ПАК-8.3-2026-13", "id_code": "ҚазТБУ-ҒЖИЖП-ПАК-8.3-2026-13",
        "name": ("Зерттеу қызметі", "Научно-исследовательская деятельность", "Research"),
        "owner": VR_SCIENCE, "manager": SCIENCE_DEPARTMENT, "participants": PARTICIPANTS,
        "key_indicators": items(
            ("Баспа қызметі", "Публикационная активность", "Publication activity"),
            ("Сілтеме (Хирш индексі)", "Цитируемость (индекс Хирша)", "Citations (Hirsch index)"),
            ("Патенттер мен сертификаттар саны", "Количество патентов и свидетельств", "Number of patents and certificates"),
            ("Бір оқытушы құрамына шаққандағы ҒЗжТКЖ көлемі", "Объём НИОКР на одного преподавателя", "R&D volume per member of the teaching staff"),
            ("Ғылымнан түскен кірістердің жалпы бюджеттегі үлесі", "Доля доходов от науки в общем бюджете", "Share of income from research in the total budget"),
            ("Гранттық қызметтердің тиімділігі: грантқа берілген өтінімдердің ұтып алынғандар санына қатынасы", "Эффективность грантовой деятельности: отношение поданных заявок на гранты к выигранным", "Effectiveness of grant activity: grant applications submitted relative to those won"),
            ("Жас ғалымдардың үлесі", "Доля молодых учёных", "Share of young scientists"),
            ("Мұғалімдердің жетекшілігімен оқушылар алған жарияланымдар мен марапаттар саны", "Количество публикаций и наград, полученных студентами под руководством преподавателей", "Number of publications and awards won by students under teachers' supervision"),
        ),
        "goal": ("Университеттің ғылыми әлеуетін дамыту және ғылыми мектептер ұйымдастыру.", "Развитие научного потенциала университета и организация научных школ.", "Developing the University's research potential and organizing scientific schools."),
        "inputs": INPUTS, "outputs": OUTPUTS, "suppliers": SUPPLIERS, "consumers": CONSUMERS, "resources": RESOURCES,
        "evaluation_indicators": EVALUATION, "documented_information": DOCUMENTS, "content": CONTENT,
    },
    {
        "number": 14, "category": "core",
        "code": "ҚазТБУ- ТжӘЖЖП -ПАК-8.2/7.2-2026-14", "id_code": "ҚазТБУ-ТжӘЖЖП-ПАК-8.2/7.2-2026-14",
        "name": ("Білім беру жұмысы", "Воспитательная работа", "Upbringing work"),
        "owner": VR_UPBRINGING, "manager": SCIENCE_DEPARTMENT, "participants": PARTICIPANTS,
        "key_indicators": items(
            ("Жастар қауымдастықтарының қызметіне қатысатын студенттердің үлесі", "Доля студентов, участвующих в деятельности молодёжных объединений", "Share of students taking part in youth associations"),
            ("Студенттік бастамалар саны жүзеге асырылды", "Количество реализованных студенческих инициатив", "Number of student initiatives implemented"),
            ("Тренингтерді немесе тәлімгерлік жүйені аяқтаған бірінші курс студенттерінің үлесі", "Доля студентов первого курса, прошедших тренинги или систему наставничества", "Share of first-year students who completed trainings or the mentoring system"),
            ("Шығармашылық және спорттық жарыстардағы жүлделер саны", "Количество призовых мест в творческих и спортивных состязаниях", "Number of prizes in creative and sports competitions"),
            ("Студент еріктілерінің үлесі", "Доля студентов-волонтёров", "Share of student volunteers"),
        ),
        "goal": ("Студенттерге жұмсақ дағдыларды, азаматтық және кәсіби этиканы дамытуға көмектесетін әлеуметтік-мәдени орта қалыптастыру. Университеттің ғылыми әлеуетін және ғылыми мектептерді ұйымдастыруды.", "Формирование социокультурной среды, помогающей студентам развивать гибкие навыки, гражданскую и профессиональную этику. Научный потенциал университета и организация научных школ.", "Creating a socio-cultural environment that helps students develop soft skills and civic and professional ethics. The University's research potential and the organization of scientific schools."),
        "inputs": INPUTS, "outputs": OUTPUTS, "suppliers": SUPPLIERS, "consumers": CONSUMERS, "resources": RESOURCES,
        "evaluation_indicators": EVALUATION, "documented_information": DOCUMENTS, "content": CONTENT,
    },
    {
        "number": 15, "category": "core",
        "code": "ҚазТБУ-ТжӘЖЖП-ПАК-8.2/7.2-2026-15", "id_code": "ҚазТБУ-ТжӘЖЖП-ПАК-8.2/7.2-2026-15",
        "name": ("Әлеуметтік жұмыс", "Социальная работа", "Social work"),
        "owner": VR_UPBRINGING, "manager": SCIENCE_DEPARTMENT, "participants": PARTICIPANTS,
        "key_indicators": items(
            ("Материалдық көмек алған мұқтаж студенттердің үлесі", "Доля нуждающихся студентов, получивших материальную помощь", "Share of students in need who received material aid"),
            ("Жатақханамен қамтамасыз ету коэффициенті", "Коэффициент обеспеченности общежитием", "Dormitory provision ratio"),
            ("Жатақханалардағы бөлмелердің, ас үйлердің, душ бөлмелерінің және коворкинг аймақтарының жай-күйін бағалау нәтижелері", "Результаты оценки состояния комнат, кухонь, душевых и коворкинг-зон в общежитиях", "Results of assessing the condition of rooms, kitchens, showers and coworking areas in the dormitories"),
            ("Диспансерлеуден өткен қызметкерлер мен студенттердің үлесі", "Доля сотрудников и студентов, прошедших диспансеризацию", "Share of staff and students who had medical check-ups"),
        ),
        "goal": ("Денсаулықты сақтауға, әлеуметтік қорғауға және қызметкерлер мен студенттердің өмір сапасын жақсартуға ықпал ететін қолайлы әлеуметтік орта қамтамасыз ету.", "Обеспечение благоприятной социальной среды, способствующей сохранению здоровья, социальной защите и повышению качества жизни сотрудников и студентов.", "Providing a favourable social environment that helps preserve health, protects socially and improves the quality of life of staff and students."),
        "inputs": INPUTS, "outputs": OUTPUTS, "suppliers": SUPPLIERS, "consumers": CONSUMERS, "resources": RESOURCES,
        "evaluation_indicators": EVALUATION, "documented_information": DOCUMENTS, "content": CONTENT,
    },
    {
        "number": 16, "category": "core",
        "code": "ҚазТБУ-АСП-ПАК-8.6-2026-16", "id_code": "ҚазТБУ-АСП-ПАК-8.6-2026-16",
        "name": ("Қорытынды сертификаттау және бітіру", "Итоговая аттестация и выпуск", "Final attestation and graduation"),
        "owner": VR_ACADEMIC, "manager": EP_DEPARTMENT, "participants": PARTICIPANTS,
        "key_indicators": items(
            ("Түлектердің сапалық көрсеткіштері: «үздік» баға үлесі, магистрлік жұмыстардың (бітіру біліктілік жұмыстары) ұсынылған үлесі", "Качественные показатели выпускников: доля оценок «отлично», доля представленных магистерских диссертаций (выпускных квалификационных работ)", "Graduates' quality indicators: share of \"excellent\" grades, share of master's theses (graduation qualification works) submitted"),
            ("Диплом беру мерзімдеріне сәйкес келу", "Соблюдение сроков выдачи дипломов", "Compliance with the diploma-issuance deadlines"),
        ),
        "goal": ("Оқу нәтижелерін бағалау және түлектерге біліктілік беру.", "Оценка результатов обучения и присвоение квалификации выпускникам.", "Assessing learning outcomes and awarding qualifications to graduates."),
        "inputs": INPUTS, "outputs": OUTPUTS, "suppliers": SUPPLIERS, "consumers": CONSUMERS, "resources": RESOURCES,
        "evaluation_indicators": EVALUATION, "documented_information": DOCUMENTS, "content": CONTENT,
    },
    {
        "number": 17, "category": "core",
        "code": "ҚазТБУ-АСП-ПАК-8.2/9.1.2-2026-17", "id_code": "ҚазТБУ-АСП-ПАК-8.2/9.1.2-2026-17",
        "name": ("Жұмыспен қамту және жұмыс берушілермен өзара әрекеттесу", "Трудоустройство и взаимодействие с работодателями", "Employment and interaction with employers"),
        "owner": VR_ACADEMIC, "manager": EP_DEPARTMENT, "participants": PARTICIPANTS,
        "key_indicators": items(
            ("Жұмыспен қамту тиімділігі: жұмыспен қамтылған түлектердің үлесі (мамандық бойынша); орташа жалақы деңгейі; өз бизнесін бастаған түлектердің үлесі", "Эффективность трудоустройства: доля трудоустроенных выпускников (по специальности); средний уровень заработной платы; доля выпускников, открывших собственный бизнес", "Employment effectiveness: share of employed graduates (by specialty); average salary level; share of graduates who started their own business"),
            ("«Табысты түлектер саны»", "«Количество успешных выпускников»", "\"Number of successful graduates\""),
            ("Серіктестермен өзара әрекеттесу: әлеуметтік серіктестік келісімдерінің саны; жұмыс берушілермен бірлесіп құрылған бөлімдер саны; нақты кәсіпорындардың сұранысы бойынша оқитын студенттер саны; компаниялар арасында кадрларды оқыту сапасы бойынша жыл сайынғы сауалнама нәтижелері", "Взаимодействие с партнёрами: количество соглашений о социальном партнёрстве; количество подразделений, созданных совместно с работодателями; количество студентов, обучающихся по заказу конкретных предприятий; результаты ежегодного анкетирования компаний о качестве подготовки кадров", "Interaction with partners: number of social partnership agreements; number of units created jointly with employers; number of students studying at the request of specific enterprises; results of the annual survey of companies on the quality of personnel training"),
        ),
        "goal": ("Оқу нәтижелерін бағалау және түлектерге біліктілік беру.", "Оценка результатов обучения и присвоение квалификации выпускникам.", "Assessing learning outcomes and awarding qualifications to graduates."),
        "inputs": INPUTS, "outputs": OUTPUTS, "suppliers": SUPPLIERS, "consumers": CONSUMERS, "resources": RESOURCES,
        "evaluation_indicators": EVALUATION, "documented_information": DOCUMENTS, "content": CONTENT,
    },
    {
        "number": 18, "category": "support",
        "code": "ҚазТБУ-Р-ПАК-7.1.2/7.2-2026-18", "id_code": "ҚазТБУ-Р/П-ІКР-7.1.2/7.2-2026-18",
        "name": ("Персоналды басқару", "Управление персоналом", "Personnel management"),
        "owner": PRESIDENT_RECTOR,
        "manager": ("Заң және кадрлық қызмет департаменті", "Департамент юридической и кадровой службы", "Legal and HR Service Department"),
        "participants": ("Қ.Құлажанов атындағы «ҚазТБУ» АҚ Ректоры, проректорлар, ҚБ басшылары", PARTICIPANTS[1], PARTICIPANTS[2]),
        "key_indicators": items(
            ("Сандық (қозғалыс және композиция): қызметкерлер алмасуы; қызметкерлер қатынасы; толық жұмыс істейтін оқытушылардың жалпы санындағы толық оқытушылар үлесі; орташа қызмет мерзімі", "Количественные (движение и состав): текучесть кадров; соотношение персонала; доля штатных преподавателей в общей численности преподавателей; средний стаж работы", "Quantitative (movement and composition): staff turnover; staff ratio; share of full-time teachers among all teachers; average length of service"),
            ("Сапалық (даму және адалдық): қызметкерлердің белсенділік индексі; есеп беру кезеңінде өз дағдыларын жақсартқандардың немесе қайта оқытқандардың үлесі", "Качественные (развитие и лояльность): индекс вовлечённости сотрудников; доля повысивших квалификацию или прошедших переподготовку за отчётный период", "Qualitative (development and loyalty): employee engagement index; share of staff who upgraded their skills or retrained in the reporting period"),
        ),
        "goal": ("Университетке білікті кадрлар ұсыну.", "Обеспечение университета квалифицированными кадрами.", "Providing the University with qualified staff."),
        "inputs": INPUTS, "outputs": OUTPUTS, "suppliers": SUPPLIERS, "consumers": CONSUMERS, "resources": RESOURCES,
        "evaluation_indicators": EVALUATION, "documented_information": DOCUMENTS, "content": CONTENT,
    },
    {
        "number": 19, "category": "support",
        "code": "ҚазТБУ-Р-ПАК-7.1-2026-19", "id_code": "ҚазТБУ-П/Р-ПАК-7.1-2026-19",
        "name": ("Қаржылық басқару және бюджеттеу", "Финансовое управление и бюджетирование", "Financial management and budgeting"),
        "owner": PRESIDENT_RECTOR,
        "manager": ("Жоспарлау, бухгалтерлік есеп және салық есеп бөлімі", "Отдел планирования, бухгалтерского и налогового учёта", "Planning, Accounting and Tax Accounting Department"),
        "participants": PARTICIPANTS,
        "key_indicators": items(
            ("Жоспарлау тиімділігі (бюджет сапасы): нақты шығындар/кірістердің жоспарланған шығындардан ауытқуы; келесі кезеңге қаржылық жоспарды бекіту мерзімдеріне сәйкестік; төленетін қызметтер, гранттар және ҒЗжТКЖ кірісінің қаржыландырудың жалпы көлеміне қатынасы", "Эффективность планирования (качество бюджета): отклонение фактических расходов/доходов от плановых; соблюдение сроков утверждения финансового плана на следующий период; отношение доходов от платных услуг, грантов и НИОКР к общему объёму финансирования", "Planning efficiency (budget quality): deviation of actual expenses/income from the plan; meeting the deadlines for approving the next period's financial plan; income from paid services, grants and R&D relative to total funding"),
            ("Қаржылық тұрақтылық пен өтімділік: ағымдағы өтімділік коэффициенті; білім беру бағдарламаларының табыстылығы", "Финансовая устойчивость и ликвидность: коэффициент текущей ликвидности; рентабельность образовательных программ", "Financial stability and liquidity: current liquidity ratio; profitability of educational programmes"),
            ("Автоматтандырылған операциялардың пайызы: қолмен деректер енгізусіз жасалған қаржылық операциялар мен есептердің пайызы", "Процент автоматизированных операций: доля финансовых операций и отчётов, сформированных без ручного ввода данных", "Percentage of automated operations: financial operations and reports produced without manual data entry"),
        ),
        "goal": ("Қаржылық ресурстарды тиімді жоспарлау және пайдалану.", "Эффективное планирование и использование финансовых ресурсов.", "Planning and using financial resources effectively."),
        "inputs": INPUTS, "outputs": OUTPUTS, "suppliers": SUPPLIERS, "consumers": CONSUMERS, "resources": RESOURCES,
        "evaluation_indicators": EVALUATION, "documented_information": DOCUMENTS, "content": CONTENT,
    },
    {
        "number": 20, "category": "support",
        "code": "ҚазТБУ-ӘШМЖП-ПАК-7.1.3-2026-20", "id_code": "ҚазТБУ-ӘШМЖП-ПАК-7.1.3-2026-20",
        "name": ("Инфрақұрылым және аппараттық құралдарды басқару", "Управление инфраструктурой и оборудованием", "Infrastructure and equipment management"),
        "owner": VR_ADMIN, "manager": ADMIN_INFRA, "participants": PARTICIPANTS,
        "key_indicators": items(
            ("Қоршаған ортаның сапасы мен жағдайы: жақсы күйдегі жабдықтардың (компьютерлер, зертхана үстелдері) пайызы; сұраныстардың уақыттылығы; қауіпсіздік және өрт қауіпсіздігі стандарттарына сәйкестігі", "Качество и состояние среды: процент оборудования в исправном состоянии (компьютеры, лабораторные столы); своевременность выполнения заявок; соответствие стандартам безопасности и пожарной безопасности", "Quality and condition of the environment: percentage of equipment in good condition (computers, laboratory benches); timeliness of requests; compliance with safety and fire-safety standards"),
            ("Энергия тиімділігі: бір оқушыға немесе 1 м2 аумаққа шаққандағы электр энергиясы мен суды нақты тұтыну", "Энергоэффективность: фактическое потребление электроэнергии и воды на одного обучающегося или на 1 м² площади", "Energy efficiency: actual electricity and water consumption per student or per 1 m² of floor area"),
            ("Технопарк пен жабдықтарды жаңарту қарқыны: ескірген жабдықтардың пайызы жыл сайын ауыстырылуы", "Темпы обновления технопарка и оборудования: процент устаревшего оборудования, заменяемого ежегодно", "Pace of renewing the equipment fleet: percentage of obsolete equipment replaced each year"),
        ),
        "goal": ("Инфрақұрылым мен материалдық-техникалық базаның жұмысын қамтамасыз ету.", "Обеспечение функционирования инфраструктуры и материально-технической базы.", "Ensuring the operation of the infrastructure and the material and technical base."),
        "inputs": INPUTS, "outputs": OUTPUTS, "suppliers": SUPPLIERS, "consumers": CONSUMERS, "resources": RESOURCES,
        "evaluation_indicators": EVALUATION, "documented_information": DOCUMENTS, "content": CONTENT,
    },
    {
        "number": 21, "category": "support",
        "code": "ҚазТБУ- ӘШМЖП -ПАК-8.4-2026-21", "id_code": "ҚазТБУ-ӘШМЖП-ПАК-8.4-2026-21",
        "name": ("Сатып алу", "Закупки", "Procurement"),
        "owner": VR_ADMIN, "manager": ADMIN_INFRA, "participants": PARTICIPANTS,
        "key_indicators": items(
            ("Экономикалық тиімділік: бюджеттік үнемдеу деңгейі", "Экономическая эффективность: уровень экономии бюджета", "Economic efficiency: level of budget savings"),
            ("Операциялық тиімділік (жылдамдық): бірлескен кәсіпорынға өтініш берілгеннен тауарды жеткізу сәтіне дейінгі уақыт; жеткізу мерзімдерін бұзбаған жеткізушілердің үлесі", "Операционная эффективность (скорость): время от подачи заявки структурным подразделением до поставки товара; доля поставщиков, не нарушивших сроки поставки", "Operational efficiency (speed): time from a structural unit's request to the delivery of the goods; share of suppliers that met the delivery deadlines"),
        ),
        "goal": ("Университетке тауарлар, жұмыстар және қызметтер ұсынады.", "Обеспечение университета товарами, работами и услугами.", "Supplying the University with goods, works and services."),
        "inputs": INPUTS, "outputs": OUTPUTS, "suppliers": SUPPLIERS, "consumers": CONSUMERS, "resources": RESOURCES,
        "evaluation_indicators": EVALUATION, "documented_information": DOCUMENTS, "content": CONTENT,
    },
    {
        "number": 22, "category": "support",
        "code": "ҚазТБУ-П/Р-ПАК-7.5-2026-22", "id_code": "ҚазТБУ-П/Р-ПАК-7.5-2026-22",
        "name": ("Құжат ағыны және мұрағат", "Документооборот и архив", "Document flow and archive"),
        "owner": PRESIDENT_RECTOR, "manager": ADMIN_INFRA, "participants": PARTICIPANTS,
        "key_indicators": items(
            ("Операциялық тиімділік: кіріс хаттарды тіркеу мерзімі; уақытында орындалған құжаттардың пайызы; құжатты іздеудің орташа уақыты", "Операционная эффективность: срок регистрации входящих писем; процент документов, исполненных в срок; среднее время поиска документа", "Operational efficiency: time to register incoming letters; percentage of documents executed on time; average time to find a document"),
            ("Электронды құжаттарды басқарудың үлесі: құжаттарды басып шығарусыз электронды түрде жасалған және бекітілген құжаттар, жалпы көлемге", "Доля электронного документооборота: документы, созданные и утверждённые в электронном виде без печати, к общему объёму", "Share of electronic document management: documents created and approved electronically without printing, relative to the total volume"),
        ),
        "goal": ("Құжаттарды айналдыру және құжаттарды сақтау жүйесін ұйымдастыру.", "Организация системы документооборота и хранения документов.", "Organizing the system of document circulation and storage."),
        "inputs": INPUTS, "outputs": OUTPUTS, "suppliers": SUPPLIERS, "consumers": CONSUMERS, "resources": RESOURCES,
        "evaluation_indicators": EVALUATION, "documented_information": DOCUMENTS, "content": CONTENT,
    },
]  # fmt: skip

# ---- Risks ---------------------------------------------------------------------------------------------------
# (key, process number, category, title (kk, ru, en), prevention measures (kk, ru, en) or None, source)
LACK_OF_RESOURCES: T = ("Ресурстардың жетіспеушілігі", "Нехватка ресурсов", "Lack of resources")
TIMELINESS: T = (
    "Шараларды уақытында жүзеге асыру",
    "Своевременность реализации мер",
    "Timeliness of implementing measures",
)
EXTERNAL_CHANGES: T = (
    "Сыртқы ортадағы өзгерістер",
    "Изменения во внешней среде",
    "Changes in the external environment",
)
TAX_COMPLIANCE: T = (
    "Сәйкестік тәуекелі: салық заңнамасын бұзу",
    "Комплаенс-риск: нарушение налогового законодательства",
    "Compliance risk: breach of tax legislation",
)
FORCE_MAJEURE: T = (
    "Форс-мажор: эпидемиялар, аймақтағы соғыс, климаттың өзгеруі",
    "Форс-мажор: эпидемии, война в регионе, изменение климата",
    "Force majeure: epidemics, war in the region, climate change",
)
FORMALISM: T = (
    "ББ дамуы тәсіліндегі формализм",
    "Формализм в подходе к разработке ОП",
    "Formalism in the approach to developing educational programmes",
)
ACCREDITATION: T = (
    "Аккредитацияны уақытынан тыс растау",
    "Несвоевременное подтверждение аккредитации",
    "Accreditation not confirmed on time",
)

CARD_RISKS: dict[int, list[tuple[str, T]]] = {
    1: [
        ("financial", ("Өршіл жобаларды жүзеге асыру үшін қаржыландырудың немесе кадрлардың жетіспеушілігі", "Нехватка финансирования или кадров для реализации амбициозных проектов", "Lack of funding or staff to carry out ambitious projects")),
        ("strategic", ("Білім берудегі мемлекеттік саясаттың күрт өзгеруі немесе демографиялық сәтсіздік", "Резкое изменение государственной политики в сфере образования или демографический спад", "An abrupt change in state education policy, or a demographic dip")),
        ("strategic", ("Консерватизм және академиялық ортаның өзгеруіне қарсы тұру", "Консерватизм и сопротивление академической среды изменениям", "Conservatism and the academic community's resistance to change")),
        ("reputational", ("Жария түрде мәлімделген мақсаттарға қол жеткізбеу", "Недостижение публично заявленных целей", "Failure to meet publicly declared goals")),
    ],
    2: [
        ("operational", ("СМЖ-нің ресми сипаты", "Формальный характер СМК", "The QMS being a mere formality")),
        ("operational", LACK_OF_RESOURCES),
        ("operational", TIMELINESS),
        ("strategic", EXTERNAL_CHANGES),
        ("operational", ("Түзету шараларын қабылдамау", "Непринятие корректирующих мер", "Corrective measures not taken")),
    ],
    3: [
        ("operational", ("Толық емес тәуекелді анықтау: тәуекелдер тек есеп беру мақсатында сипатталады, нақты қауіптер елемейді немесе жасырылады", "Неполная идентификация рисков: риски описываются только для отчётности, реальные угрозы игнорируются или скрываются", "Incomplete risk identification: risks are described only for reporting, real threats are ignored or hidden")),
        ("operational", ("Жоғары сапалы аналитиканың болмауына байланысты ықтималдық немесе зиянды бағалаудағы қателік", "Ошибки в оценке вероятности или ущерба из-за отсутствия качественной аналитики", "Errors in estimating likelihood or damage for lack of high-quality analytics")),
        ("strategic", ("Күтпеген, бірақ апатты оқиғаларды елемеу", "Игнорирование маловероятных, но катастрофических событий", "Ignoring unlikely but catastrophic events")),
        ("operational", LACK_OF_RESOURCES),
        ("strategic", EXTERNAL_CHANGES),
    ],
    4: [
        ("operational", ("Кеңсе жұмысының бақылауының болмауы", "Отсутствие контроля за делопроизводством", "No control over office work")),
        ("compliance", ("Реттеуші құжаттарды уақытында жаңарту", "Своевременность обновления нормативных документов", "Timeliness of updating regulatory documents")),
        ("operational", LACK_OF_RESOURCES),
        ("strategic", EXTERNAL_CHANGES),
    ],
    5: [("operational", LACK_OF_RESOURCES), ("operational", TIMELINESS), ("strategic", EXTERNAL_CHANGES)],
    6: [
        ("operational", ("IT жүйелерінің ақауы", "Сбои ИТ-систем", "IT system failures")),
        ("information_security", ("Киберқауіптер", "Киберугрозы", "Cyber threats")),
        ("operational", LACK_OF_RESOURCES),
        ("operational", TIMELINESS),
        ("strategic", EXTERNAL_CHANGES),
    ],
    7: [
        ("strategic", ("Ресми түрде жасалған меморандумдар мен ынтымақтастық келісімдері", "Меморандумы и соглашения о сотрудничестве, заключённые лишь формально", "Memoranda and cooperation agreements signed only formally")),
        ("operational", ("Академиялық мобильділік бағдарламаларына белсенді қатысу", "(Недостаточно) активное участие в программах академической мобильности", "(Lack of) active participation in academic mobility programmes")),
        ("operational", TIMELINESS),
        ("strategic", EXTERNAL_CHANGES),
    ],
    8: [
        ("information_security", ("Жалған ақпараттың таралуы немесе құпия деректердің ағып кетуі", "Распространение ложной информации или утечка конфиденциальных данных", "Spread of false information or leaks of confidential data")),
        ("reputational", ("Маңызды кезеңдерде (мысалы, қабылдау науқаны кезінде) жарияланымдардың болмауы", "Отсутствие публикаций в критические периоды (например, во время приёмной кампании)", "No publications at critical periods (e.g. during the admission campaign)")),
        ("reputational", ("Пікірлерде университеттің әрекеттері дұрыс түсіндірілмеген", "Неверное толкование действий университета в комментариях", "The University's actions misinterpreted in comments")),
        ("information_security", ("Әлеуметтік желілерді немесе университет сайтын бұзу", "Взлом социальных сетей или сайта университета", "Hacking of the University's social networks or website")),
    ],
    9: [
        ("strategic", ("Өтініш берушілердің жетіспеушілігі", "Нехватка абитуриентов", "Shortage of applicants")),
        ("operational", ("Мансаптық бағыттау шараларын уақытында жүзеге асыру", "Своевременность проведения профориентационных мероприятий", "Timeliness of career-guidance activities")),
        ("strategic", EXTERNAL_CHANGES),
    ],
    10: [
        ("operational", ("ББ-нің уақытсыз жаңартуы", "Несвоевременное обновление ОП", "Untimely updating of educational programmes")),
        ("operational", FORMALISM),
        ("compliance", ACCREDITATION),
        ("strategic", EXTERNAL_CHANGES),
    ],
    11: [("operational", FORMALISM), ("compliance", ACCREDITATION), ("strategic", EXTERNAL_CHANGES)],
    12: [
        ("strategic", ("Дамыған бағдарламаға сұраныстың болмауы (нарықтық талдаудың нашарлығы)", "Отсутствие спроса на разработанную программу (слабый анализ рынка)", "No demand for a developed programme (poor market analysis)")),
        ("operational", ("Негізгі тренер-практиктің курс басталмас бұрын қатысуынан бас тартуы", "Отказ ключевого тренера-практика от участия до начала курса", "A key trainer-practitioner withdrawing before the course starts")),
        ("operational", ("Контенттің сапасы төмен және салалық талаптарға сай емес", "Низкое качество контента, не отвечающего отраслевым требованиям", "Low-quality content that does not meet the industry's requirements")),
    ],
    13: [
        ("strategic", ("Ғылыми мектептердің уақыт талабына сай жаңармауы, дарынды жастардың басқа салаларға немесе шетелге кету үрдісі", "Научные школы не обновляются в ногу со временем; талантливая молодёжь уходит в другие сферы или за рубеж", "Scientific schools not renewed as times require; talented young people leaving for other fields or abroad")),
        ("financial", ("Қаржыландырудың бір ғана көзге тәуелді болуы (үшінші тарап инвестицияларын тарту қажеттілігі)", "Зависимость от единственного источника финансирования (необходимость привлекать сторонние инвестиции)", "Dependence on a single source of funding (third-party investment must be attracted)")),
        ("reputational", ("Ғылыми еңбектерде плагиаттың орын алуы, сондай-ақ сенімсіз («жыртқыш») журналдарда жариялану мәселелері", "Плагиат в научных работах, а также публикации в недобросовестных («хищнических») журналах", "Plagiarism in research papers, and publication in unreliable (\"predatory\") journals")),
        ("operational", ("Зертханалық жабдықтардың моральдық және физикалық тұрғыдан ескіруі", "Моральный и физический износ лабораторного оборудования", "Obsolescence and physical wear of laboratory equipment")),
    ],
    14: [
        ("operational", ("Студенттер үшін қызығушылық тудырмайтын, тек формалды түрде («көзбояушылық үшін») өткізілетін іс-шаралар", "Мероприятия, не вызывающие интереса у студентов и проводимые лишь формально («для галочки»)", "Events that do not interest students and are held only formally (\"for show\")")),
        ("reputational", ("Студенттердің қоғамдық кеңістікте және әлеуметтік желілерде этикаға сай келмейтін мінез-құлқы", "Неэтичное поведение студентов в общественном пространстве и социальных сетях", "Students' unethical behaviour in public spaces and on social networks")),
        ("health_safety", ("Студенттердің деструктивті қауымдастықтарға немесе экстремистік сипаттағы қызметке тартылу қаупі", "Риск вовлечения студентов в деструктивные сообщества или деятельность экстремистского характера", "Risk of students being drawn into destructive communities or extremist activity")),
        ("operational", ("Студенттік белсенділіктің тар шеңбердегі «белсенділер» тобына (5–10%) шоғырлануы, ал қалған көпшіліктің бейжайлығы", "Сосредоточение студенческой активности в узкой группе «активистов» (5–10 %) при безразличии остального большинства", "Student activity concentrated in a narrow group of \"activists\" (5–10%) while the majority stays indifferent")),
    ],
    15: [
        ("health_safety", ("Жатақханалар мен асханалардың апатты жағдайға ұшырауы, санитарлық-гигиеналық нормаларға сәйкес келмеуі", "Аварийное состояние общежитий и столовых, несоответствие санитарно-гигиеническим нормам", "Dormitories and canteens in a state of disrepair or breaching sanitary and hygiene norms")),
        ("anti_corruption", ("Жеңілдіктер мен жатақхана орындарын бөлу тәртібі", "Порядок распределения льгот и мест в общежитии", "The procedure for allocating benefits and dormitory places")),
        ("health_safety", ("Тығыз тұру жағдайында (жатақханаларда) жұқпалы аурулардың жаппай таралуы", "Массовое распространение инфекционных заболеваний в условиях скученного проживания (в общежитиях)", "Mass spread of infectious diseases in crowded housing (dormitories)")),
        ("financial", ("Әлеуметтік бағыттағы шығыстар бойынша бюджеттік қаржыландырудың қысқаруы", "Сокращение бюджетного финансирования социальных расходов", "Cuts in budget funding of social spending")),
    ],
    16: [
        ("reputational", ("Диссертация мәтіндерінің түпнұсқалығы төмен (плагиат) немесе тақырыптың оқу профилімен сәйкес келмеуі", "Низкая оригинальность текстов работ (плагиат) или несоответствие темы профилю обучения", "Low originality of thesis texts (plagiarism), or a topic that does not match the study profile")),
        ("operational", ("Диплом формаларын толтырғанда немесе енгізуде қателер (толық атау, бағалардағы қателіктер)", "Ошибки при заполнении или вводе бланков дипломов (ФИО, ошибки в оценках)", "Errors when filling in or entering diploma forms (full name, grades)")),
        ("anti_corruption", ("Аттестация комиссиясының мүшелерінің бейтараптылығы, преференциялар, «сыйлықтар» алуы", "Небеспристрастность членов аттестационной комиссии, преференции, получение «подарков»", "Partiality of attestation-commission members, preferences, accepting \"gifts\"")),
    ],
    17: [
        ("strategic", ("Саладағы экономикалық дағдарыс, негізгі серіктестердің жаппай қысқартуы", "Экономический кризис в отрасли, массовые сокращения у ключевых партнёров", "Economic crisis in the industry; mass lay-offs by key partners")),
        ("operational", ("«Дағдылар арасындағы айырмашылық» – оқытылған нәрсе мен жұмыс орнында талап етілген нәрсе арасындағы алшақтық", "«Разрыв в навыках» — расхождение между тем, чему учили, и тем, что требуется на рабочем месте", "\"Skills gap\": the gap between what is taught and what the workplace requires")),
        ("operational", ("Түлектердің тағдыры туралы сенімді деректердің болмауы (бітіргеннен кейін байланыс үзілуі)", "Отсутствие достоверных данных о судьбе выпускников (потеря связи после выпуска)", "Lack of reliable data on graduates' destinies (contact lost after graduation)")),
        ("reputational", ("Ірі жұмыс берушілерден «мақсатты студенттерді» оқыту сапасы туралы теріс пікірлер", "Негативные отзывы крупных работодателей о качестве подготовки «целевых студентов»", "Negative feedback from large employers on the quality of training of \"target students\"")),
    ],
    18: [
        ("operational", ("Талант тапшылығы: талант қорының жетіспеушілігі", "Дефицит талантов: нехватка кадрового резерва", "Talent shortage: an insufficient talent pool")),
        ("operational", ("Жоғары жұмыс жүктемесіне байланысты өнімділіктің төмендеуі және жаппай қысқартулар", "Снижение производительности из-за высокой нагрузки и массовые сокращения", "Falling productivity from high workload, and mass lay-offs")),
        ("compliance", ("Құқықтық тәуекел", "Правовой риск", "Legal risk")),
        ("operational", ("«Қылт» қызметкерлердің, жинақталған білім мен байланыстармен бірге кетуі", "Уход ключевых сотрудников вместе с накопленными знаниями и связями", "Departure of key staff together with their accumulated knowledge and contacts")),
    ],
    19: [
        ("financial", ("Ақша тапшылығы: міндеттемелері бар шоттардағы уақытша қаражат тапшылығы", "Кассовые разрывы: временная нехватка средств на счетах при наличии обязательств", "Cash gaps: a temporary shortage of funds in the accounts while obligations are due")),
        ("financial", ("Кіріс бөлігінің жетіспеушілігі: студенттердің жетіспеушілігі", "Недовыполнение доходной части: недобор студентов", "Revenue shortfall: too few students")),
        ("financial", ("Инфляция тәуекелі: елдегі бағалардың күрт өсуі", "Инфляционный риск: резкий рост цен в стране", "Inflation risk: a sharp rise in prices in the country")),
        ("compliance", TAX_COMPLIANCE),
        ("strategic", FORCE_MAJEURE),
    ],
    20: [
        ("operational", ("Өмірді қолдау жүйелерінің (жылыту, электр, сервер) істен шығуы", "Отказ систем жизнеобеспечения (отопление, электроснабжение, серверы)", "Failure of life-support systems (heating, power, servers)")),
        ("operational", ("Ескіргендігі (жабдық жұмыс істейді, бірақ заманауи бағдарламалық жасақтаманы алмайды)", "Моральное устаревание (оборудование работает, но не поддерживает современное программное обеспечение)", "Obsolescence (the equipment works but cannot run modern software)")),
        ("health_safety", ("HSE бұзылыстары", "Нарушения требований HSE (охрана труда, здоровья и окружающей среды)", "HSE violations (health, safety and environment)")),
        ("operational", ("Қосалқы бөлшектерді сатып алу немесе бағдарламалық/аппараттық лицензияларды жаңарту (санкциялар)", "Закупка запасных частей или продление программных/аппаратных лицензий (санкции)", "Buying spare parts or renewing software/hardware licences (sanctions)")),
        ("strategic", FORCE_MAJEURE),
    ],
    21: [
        ("anti_corruption", ("Сыбайлас жемқорлық қауіптері: жеткізушімен келісімшарт, белгілі бір компанияның мүддесін қорғау", "Коррупционные риски: сговор с поставщиком, лоббирование интересов определённой компании", "Corruption risks: collusion with a supplier, favouring a particular company")),
        ("operational", ("Мерзімдерді орындамау: оқу процесіне әсер ететін мерзімдерді бұзу", "Срыв сроков: нарушение сроков, влияющее на учебный процесс", "Missed deadlines that affect the educational process")),
        ("operational", ("Төмен сапалы техникалық сипаттама: формалды түрде жарамды, бірақ шын мәнінде жарамсыз тауарларды сатып алу", "Некачественная техническая спецификация: закупка товаров, формально подходящих, но фактически непригодных", "Poor technical specifications: buying goods that qualify on paper but are unusable in fact")),
        ("compliance", TAX_COMPLIANCE),
        ("strategic", FORCE_MAJEURE),
    ],
    22: [
        ("information_security", ("Түпнұсқа құжаттардың жоғалуы немесе сандық дерекқорға зақымдану", "Утрата оригиналов документов или повреждение цифровой базы данных", "Loss of original documents or damage to the digital database")),
        ("compliance", ("Сақтау мерзімін бұзу (мерзімінен бұрын жою)", "Нарушение сроков хранения (преждевременное уничтожение)", "Breach of retention periods (premature destruction)")),
        ("operational", ("Мақұлдау мерзімдеріндегі кешігулер («тар орын эффектісі»), бұл басқа бөлімдердің жұмысын баяулатады", "Задержки согласования («эффект бутылочного горлышка»), замедляющие работу других подразделений", "Approval delays (the \"bottleneck effect\") that slow down other units' work")),
        ("information_security", ("Жеке деректердің немесе шектеулі қызмет ақпаратының ағып кетуі", "Утечка персональных данных или служебной информации ограниченного распространения", "Leaks of personal data or restricted official information")),
    ],
}  # fmt: skip

# The risk tables of the Career Center's regulations (000 §10, 001 §12), in their own English; process 17.
LEGISLATION: T = (
    "Қазақстан Республикасының білім беру саласындағы заңнамасындағы жаңашылдықтар",
    "Нововведения в законодательстве Республики Казахстан в сфере образования",
    "Innovations in the legislation of the Republic of Kazakhstan in the field of education",
)
LEGISLATION_ACTION: T = (
    "Білім беру саласындағы қолданыстағы нормативтік құқықтық актілерді жүйелі түрде бақылау",
    "Систематически отслеживать действующие нормативные правовые акты в сфере образования",
    "Systematically monitor the current regulatory legal acts in the field of education",
)
POLICY: T = (
    "Университеттің академиялық саясатындағы өзгерістер",
    "Изменения в академической политике университета",
    "Changes in the academic policy of the University",
)
POLICY_ACTION: T = (
    "Ішкі нормативтік құжаттарды талдау және оларды нормативтік құқықтық актілерді ескере отырып өзектендіру",
    "Анализировать внутренние нормативные документы и актуализировать их с учётом нормативных правовых актов",
    "Analyze internal regulatory documents and update them taking into account regulatory legal acts",
)
NEEDS: T = (
    "Білім беру процесіне қатысушылардың (студенттердің, оқытушылардың, қызметкерлердің) қажеттіліктерінің қанағаттандырылмауы",
    "Неудовлетворённость потребностей участников образовательного процесса (студентов, преподавателей, сотрудников)",
    "Dissatisfaction with the needs of participants in the educational process (students, teachers, staff)",
)
NEEDS_ACTION: T = (
    "Мүдделі тараптар арасында ақпараттық-түсіндіру жұмыстарын жүргізу",
    "Проведение информационно-разъяснительной работы среди заинтересованных сторон",
    "Conducting informative and explanatory work among stakeholders",
)
OPACITY: T = (
    "Ашық емес рәсімдер мен бақылаудың болмауы теріс пайдалануға әкелуі мүмкін",
    "Непрозрачные процедуры и отсутствие контроля могут привести к злоупотреблениям",
    "Opaque procedures and lack of control can lead to abuse",
)
OPACITY_ACTION: T = ("Бақылау және есептілік", "Контроль и подотчётность", "Control and accountability")
DUBIOUS: T = (
    "Беделі күмәнді ұйымдармен өзара әрекеттесу сыбайлас жемқорлық схемаларына тартылуға әкелуі мүмкін",
    "Взаимодействие с организациями с сомнительной репутацией может привести к вовлечению в коррупционные схемы",
    "Interaction with organizations with a dubious reputation can lead to involvement in corruption schemes",
)
DUBIOUS_ACTION: T = (
    "Студенттердің практика базасы болып табылатын ұйымдардың қызметін зерделеу және талдау",
    "Изучение и анализ деятельности организаций — баз практики студентов",
    "The study and analysis of the activities of organizations – the basis of the practice of students",
)

SOURCE_000 = "KazUTB-CC-RPA-7.2-2025-01 §10"
SOURCE_001 = "KazUTB-CC-RPA-7.2-2025-02 §12"
REGULATION_RISKS: list[tuple[str, str, T, T, str]] = [
    ("RPA01-R1", "compliance", LEGISLATION, LEGISLATION_ACTION, SOURCE_000),
    ("RPA01-R2", "strategic", POLICY, POLICY_ACTION, SOURCE_000),
    ("RPA01-R3", "reputational", NEEDS, NEEDS_ACTION, SOURCE_000),
    ("RPA01-R4", "anti_corruption", OPACITY, OPACITY_ACTION, SOURCE_000),
    ("RPA02-R1", "compliance", LEGISLATION, LEGISLATION_ACTION, SOURCE_001),
    ("RPA02-R2", "strategic", POLICY, POLICY_ACTION, SOURCE_001),
    ("RPA02-R3", "reputational", NEEDS, NEEDS_ACTION, SOURCE_001),
    ("RPA02-R4", "anti_corruption", DUBIOUS, DUBIOUS_ACTION, SOURCE_001),
    ("RPA02-R5", "anti_corruption", OPACITY, OPACITY_ACTION, SOURCE_001),
]  # fmt: skip


def risks() -> list[dict[str, Any]]:
    """Every preloaded risk: key, process number, category, title and treatment (kk, ru, en), source."""
    found: list[dict[str, Any]] = []
    for number, listed in CARD_RISKS.items():
        for index, (category, title) in enumerate(listed, start=1):
            found.append({
                "key": f"P{number:02d}-R{index}", "process": number, "category": category, "title": title,
                "treatment": ("", "", ""), "source": f"002 p{number}",
            })  # fmt: skip
    for key, category, title, treatment, source in REGULATION_RISKS:
        found.append({"key": key, "process": 17, "category": category, "title": title, "treatment": treatment,
                      "source": source})  # fmt: skip
    return found


# ---- KPIs (#13) ------------------------------------------------------------------------------------------------
# Process 17's eight KPIs (seed §3.E E.2, KPI-17.1…17.8), computed by the indicators of the apps that own the data
# (the contract with the process 17 dashboard): code, (kk, ru, en), indicator, unit.
KPI_17: list[tuple[str, T, str, str]] = [
    ("17.1", ("Жұмыспен қамтылған түлектердің үлесі (мамандық бойынша)", "Доля трудоустроенных выпускников (по специальности)", "Share of employed graduates (by specialty)"), "graduates.employed_by_specialty", "share"),
    ("17.2", ("Орташа жалақы деңгейі", "Средний уровень заработной платы", "Average salary level"), "graduates.average_salary", "tenge"),
    ("17.3", ("Өз бизнесін бастаған түлектердің үлесі", "Доля выпускников, открывших собственный бизнес", "Share of graduates who started their own business"), "graduates.own_business_share", "share"),
    ("17.4", ("«Табысты түлектер саны»", "«Количество успешных выпускников»", "\"Number of successful graduates\""), "graduates.successful", "share"),
    ("17.5", ("Әлеуметтік серіктестік келісімдерінің саны", "Количество соглашений о социальном партнёрстве", "Number of social partnership agreements"), "employers.partnership_agreements", "count"),
    ("17.6", ("Жұмыс берушілермен бірлесіп құрылған бөлімдер саны", "Количество подразделений, созданных совместно с работодателями", "Number of units created jointly with employers"), "employers.joint_units", "count"),
    ("17.7", ("Нақты кәсіпорындардың сұранысы бойынша оқитын студенттер саны", "Количество студентов, обучающихся по заказу конкретных предприятий", "Number of students studying at the request of specific enterprises"), "employers.targeted_students", "count"),
    ("17.8", ("Компаниялар арасында кадрларды оқыту сапасы бойынша жыл сайынғы сауалнама нәтижелері", "Результаты ежегодного анкетирования компаний о качестве подготовки кадров", "Results of the annual survey of companies on the quality of personnel training"), "surveys.employer_training_quality", "score"),
]  # fmt: skip

# Process 3's risk KPIs (R-083) that the risk register computes (quality/indicators.py), by their line on the card.
KPI_3_COMPUTED = {
    "3.2": "quality.left_red_share",
    "3.4": "quality.processes_covered_share",
    "3.5": "quality.actions_done_share",
}


def kpis() -> list[dict[str, Any]]:
    """Every preloaded KPI definition: code, process number, name (kk, ru, en), and for a computed one its
    indicator, unit, direction and period kind. One per line of each card's key indicators ("N.k"), except
    process 17, whose eight KPIs are KPI-17.1…17.8."""
    found: list[dict[str, Any]] = []
    for card in PROCESSES:
        number = card["number"]
        if number == 17:
            for code, name, indicator, unit in KPI_17:
                found.append({"code": code, "process": 17, "name": name, "indicator": indicator, "unit": unit,
                              "period_kind": "academic_year"})  # fmt: skip
            continue
        lines = zip(*card["key_indicators"], strict=True)
        for index, name in enumerate(lines, start=1):
            code = f"{number}.{index}"
            row: dict[str, Any] = {"code": code, "process": number, "name": name, "indicator": ""}
            if code in KPI_3_COMPUTED:
                row.update(indicator=KPI_3_COMPUTED[code], unit="share", period_kind="calendar_year")
            found.append(row)
    return found
