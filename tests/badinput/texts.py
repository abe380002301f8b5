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
# our own writing: a short report of talks, in Chinese and in Japanese (under 1,000
# characters each, without a space between words)
CHINESE = (
    "两国谈判代表星期二在日内瓦恢复了关于停火的第三轮会谈，东道国官员表示，会谈气氛坦诚。",
    "代表团上午讨论了交换战俘的问题，据两名在场的外交官说，这个问题曾使春季的上一轮会谈陷入僵局。",
    "调解方发言人说，双方已就议程达成一致，但尚未商定从前线撤出重型武器的时间表。",
    "地区安全组织的观察员将被邀请监督任何协议的执行，他们已经在边境较短的一段承担这一职责。",
    "三个邻国的外交部长发表联合声明，欢迎会谈恢复，并表示如果谈判取得进展，愿意主办下一轮会谈。",
    "人道主义机构敦促双方在冬季到来之前为救援车队开辟通道，并警告说前线附近的几个城镇已被切断数周。",
    "会谈预计将持续到星期五，届时调解方计划向新闻界通报代表团签署了哪些文件。",
)
JAPANESE = (
    "両国の交渉団は火曜日、ジュネーブで停戦をめぐる第三回の協議を再開した。開催国の当局者が明らかにした。",
    "午前中は捕虜の交換について話し合った。出席した二人の外交官によると、この問題は春の前回協議を行き詰まらせていた。",
    "仲介役の報道官は、双方が議題では合意したものの、前線から重火器を撤収する日程はまだ決まっていないと述べた。",
    "地域の安全保障機構の監視団が合意の履行を見守るよう求められる見通しで、監視団はすでに国境の一部でその役割を担っている。",
    "近隣三か国の外相は共同声明を出し、協議の再開を歓迎するとともに、交渉が進めば次回の協議を主催する用意があると表明した。",
    "人道支援団体は冬が来る前に支援物資を運ぶ車列のための通路を開くよう双方に求め、前線近くの町が数週間孤立していると警告した。",
    "協議は金曜日まで続く予定で、仲介役はその日に代表団が何に署名したかを報道陣に説明する。",
)
# the same report in Thai: no space between words, a space only between some phrases
THAI = (
    "คณะผู้แทนของทั้งสองประเทศกลับมาเจรจารอบที่สามเรื่องการหยุดยิงที่นครเจนีวาเมื่อวันอังคาร "
    "เจ้าหน้าที่ของประเทศเจ้าภาพกล่าวว่าบรรยากาศของการเจรจาเป็นไปอย่างตรงไปตรงมา",
    "ในช่วงเช้าคณะผู้แทนได้หารือเรื่องการแลกเปลี่ยนเชลยศึก "
    "นักการทูตสองคนที่อยู่ในห้องประชุมกล่าวว่าปัญหานี้ทำให้การเจรจารอบก่อนในฤดูใบไม้ผลิต้องหยุดชะงัก",
    "โฆษกของฝ่ายไกล่เกลี่ยกล่าวว่าทั้งสองฝ่ายได้ตกลงเรื่องวาระการประชุมแล้ว "
    "แต่ยังไม่ได้กำหนดตารางเวลาสำหรับการถอนอาวุธหนักออกจากแนวหน้า",
    "ผู้สังเกตการณ์จากองค์การความมั่นคงระดับภูมิภาคจะได้รับเชิญให้ติดตามการปฏิบัติตามข้อตกลง "
    "ซึ่งพวกเขาทำหน้าที่นี้อยู่แล้วในพื้นที่ชายแดนบางส่วน",
    "รัฐมนตรีว่าการกระทรวงการต่างประเทศของสามประเทศเพื่อนบ้านออกแถลงการณ์ร่วมยินดีต่อการกลับมาเจรจา "
    "และระบุว่าพร้อมเป็นเจ้าภาพการเจรจารอบต่อไปหากมีความคืบหน้า",
    "หน่วยงานด้านมนุษยธรรมเรียกร้องให้ทั้งสองฝ่ายเปิดเส้นทางสำหรับขบวนรถขนความช่วยเหลือก่อนฤดูหนาวจะมาถึง "
    "และเตือนว่าหลายเมืองใกล้แนวหน้าถูกตัดขาดมาหลายสัปดาห์แล้ว",
    "คาดว่าการเจรจาจะดำเนินต่อไปจนถึงวันศุกร์ "
    "ซึ่งฝ่ายไกล่เกลี่ยมีแผนจะแถลงต่อสื่อมวลชนว่าคณะผู้แทนได้ลงนามในเอกสารฉบับใดบ้าง",
)
