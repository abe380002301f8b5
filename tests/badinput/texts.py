"""Texts and byte strings for the bad-input cases: foreign-language articles, comment
threads, headline lists, a sitemap, DTDs and file signatures."""

from __future__ import annotations

from tests.badinput import pages
from tests.badinput.pages import BASE

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" + pages.random_bytes(4096)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + pages.random_bytes(4096, seed=8)
LAUGHS = "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(2, 10))
FRENCH = (
    "Les négociateurs des deux gouvernements sont revenus à Genève mardi pour une troisième "
    "série de pourparlers sur un cessez-le-feu, ont indiqué des responsables du pays hôte.",
    "Les délégations ont consacré la matinée à l'échange de prisonniers, une question qui "
    "avait bloqué la série précédente au printemps, selon deux diplomates présents.",
    "Un porte-parole des médiateurs a déclaré que les parties s'étaient accordées sur un "
    "ordre du jour, mais pas encore sur un calendrier de retrait des armes lourdes.",
    "Les ministres des Affaires étrangères de trois États voisins ont publié une déclaration "
    "commune saluant la reprise des discussions et proposant d'accueillir une série ultérieure.",
    "Les agences humanitaires ont exhorté les deux camps à ouvrir des couloirs pour les convois "
    "d'aide avant l'hiver, plusieurs villes proches du front étant coupées depuis des semaines.",
)
RUSSIAN = (
    "Переговорщики обеих сторон во вторник вернулись в Женеву для третьего раунда "
    "переговоров о прекращении огня, сообщили представители принимающей страны.",
    "Делегации посвятили утро обмену пленными, вопросу, который весной остановил "
    "предыдущий раунд, по словам двух присутствовавших дипломатов.",
    "Представитель посредников заявил, что стороны согласовали повестку дня, но ещё не "
    "график отвода тяжёлых вооружений от линии фронта в Москве и Киеве.",
    "Министры иностранных дел трёх соседних государств выступили с совместным заявлением, "
    "приветствуя возобновление переговоров и предлагая провести следующий раунд у себя.",
    "Гуманитарные организации призвали обе стороны открыть коридоры для колонн с помощью до "
    "наступления зимы, предупредив, что несколько городов у линии фронта отрезаны неделями.",
    "Наблюдатели региональной организации по безопасности будут следить за соблюдением "
    "любого соглашения, как они уже делают на более коротком участке границы.",
)
CHINESE = (
    "两国政府的谈判代表周二回到日内瓦，举行第三轮停火谈判，东道国官员说。",
    "据两名在场的外交官说，代表团上午讨论了交换战俘的问题，这个问题曾在春天使上一轮谈判中断。",
    "调解方的发言人说，双方已就议程达成一致，但尚未商定从前线撤出重型武器的时间表。",
    "三个邻国的外交部长发表联合声明，欢迎恢复谈判，并提出愿意主办下一轮会谈。",
    "人道主义机构敦促双方在入冬前开辟援助车队通道，并警告说前线附近的几个城市已被切断数周。",
    "地区安全组织的观察员将监督任何协议的执行，就像他们已经在边界较短的一段所做的那样。",
)
ARABIC = (
    "عاد المفاوضون من الحكومتين إلى جنيف يوم الثلاثاء لجولة ثالثة من المحادثات بشأن وقف "
    "إطلاق النار، بحسب ما قاله مسؤولون من البلد المضيف.",
    "وخصصت الوفود صباح اليوم لتبادل الأسرى، وهي مسألة عطلت الجولة السابقة في الربيع، "
    "بحسب دبلوماسيين اثنين حضرا الاجتماع.",
    "وقال متحدث باسم الوسطاء إن الطرفين اتفقا على جدول الأعمال لكن ليس بعد على جدول "
    "زمني لسحب الأسلحة الثقيلة من خط المواجهة.",
    "وأصدر وزراء خارجية ثلاث دول مجاورة بيانا مشتركا رحبوا فيه باستئناف المحادثات وعرضوا "
    "استضافة جولة لاحقة إذا أحرزت المفاوضات تقدما ملموسا في الأسابيع المقبلة.",
    "وحثت الوكالات الإنسانية الطرفين على فتح ممرات لقوافل المساعدات قبل حلول الشتاء، محذرة "
    "من أن عدة بلدات قريبة من خط المواجهة معزولة منذ أسابيع وتعاني نقصا في الغذاء والدواء.",
    "وسيطلب من مراقبين تابعين للمنظمة الإقليمية للأمن مراقبة أي اتفاق، وهو دور يؤدونه بالفعل "
    "على امتداد جزء أقصر من الحدود بين البلدين منذ عدة سنوات.",
)
COMMENT = (
    '<div class="comment"><p class="comment-author">Reader {n} says:</p>'
    "<p>I have followed these talks for years and I think comment {n} is the one that "
    "finally explains why the mediators keep failing on the prisoner exchange question.</p>"
    '<p class="reply">Reply</p></div>'
)
COMMENTS = '<section id="comments" class="comments-area"><h2>87 Comments</h2>{}</section>'
HEADLINES = "".join(
    f'<li><a href="/2024/03/{day:02d}/story-{day}.html">Minister {day} visits capital for talks</a></li>'
    for day in range(1, 29)
)
SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    + "".join(
        f"<url><loc>{BASE}/2024/03/{day:02d}/story.html</loc><lastmod>2024-03-{day:02d}</lastmod></url>"
        for day in range(1, 29)
    )
    + "</urlset>"
)
