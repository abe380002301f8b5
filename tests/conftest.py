"""Shared fixtures: the project's samples, and records cleaned from them once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaners.evaluation.samples import Sample, clean_sample, find_samples
from cleaners.record import Failure, Record

ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = ROOT / "samples"
SAMPLES = find_samples(SAMPLES_DIR)
_CLEANED: dict[str, Record | Failure] = {}


def cleaned(sample: Sample) -> Record:
    """The record of a sample, cleaned once per test session."""
    if sample.name not in _CLEANED:
        _CLEANED[sample.name] = clean_sample(sample)
    result = _CLEANED[sample.name]
    if isinstance(result, Failure):
        pytest.fail(f"{sample.name}: no record: {result.reason}")
    return result


def sample_params() -> list[object]:
    return [pytest.param(sample, id=sample.name) for sample in SAMPLES]


# one line per rule pattern family, with the rule that must remove it (test_boilerplate,
# test_properties)
LINES: list[tuple[str, str]] = [
    ("Leave a Reply", "comment-form"),
    ("Leave a comment", "comment-form"),
    ("Cancel reply", "comment-form"),
    ("Your email address will not be published.", "comment-form"),
    ("Your email address will not be published. Required fields are marked *", "comment-form"),
    ("Required fields are marked *", "comment-form"),
    ("Mail (will not be published) (required)", "comment-form"),
    ("RSS feed for comments on this post. TrackBack URI", "comment-form"),
    ("Loading…", "share-widget"),
    (
        "Save my name, email, and website in this browser for the next time I comment.",
        "comment-form",
    ),
    ("Notify me of follow-up comments by email.", "comment-form"),
    ("Notify me of new posts by email.", "comment-form"),
    ("Name *", "comment-form"),
    ("Email *", "comment-form"),
    ("Website", "comment-form"),
    ("Comment", "comment-form"),
    ("Post Comment", "comment-form"),
    ("Laisser un commentaire", "comment-form"),
    (
        "Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *",
        "comment-form",
    ),
    (
        "Enregistrer mon nom, mon e-mail et mon site dans le navigateur pour mon prochain commentaire.",
        "comment-form",
    ),
    ("Schreibe einen Kommentar", "comment-form"),
    (
        "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert",
        "comment-form",
    ),
    ("Kommentar abschicken", "comment-form"),
    ("Deja una respuesta", "comment-form"),
    (
        "Tu dirección de correo electrónico no será publicada. Los campos obligatorios están marcados con *",
        "comment-form",
    ),
    ("Lascia un commento", "comment-form"),
    (
        "Il tuo indirizzo email non sarà pubblicato. I campi obbligatori sono contrassegnati *",
        "comment-form",
    ),
    ("Deixe um comentário", "comment-form"),
    (
        "O seu endereço de email não será publicado. Campos obrigatórios são marcados com *",
        "comment-form",
    ),
    ("Geef een reactie", "comment-form"),
    (
        "Je e-mailadres wordt niet gepubliceerd. Vereiste velden zijn gemarkeerd met *",
        "comment-form",
    ),
    (
        "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
        "akismet-notice",
    ),
    (
        "Ce site utilise Akismet pour réduire les indésirables. En savoir plus sur comment les données de vos commentaires sont utilisées.",
        "akismet-notice",
    ),
    (
        "Diese Website verwendet Akismet, um Spam zu reduzieren. Erfahre mehr darüber, wie deine Kommentardaten verarbeitet werden.",
        "akismet-notice",
    ),
    (
        "Este sitio usa Akismet para reducir el spam. Aprende cómo se procesan los datos de tus comentarios.",
        "akismet-notice",
    ),
    (
        "Questo sito utilizza Akismet per ridurre lo spam. Scopri come i tuoi dati vengono elaborati.",
        "akismet-notice",
    ),
    (
        "Este site utiliza o Akismet para reduzir spam. Fica a saber como são processados os dados dos comentários.",
        "akismet-notice",
    ),
    (
        "Deze site gebruikt Akismet om spam te verminderen. Bekijk hoe je reactie gegevens worden verwerkt.",
        "akismet-notice",
    ),
    ("March 12, 2024 at 10:14 am", "comment-meta"),
    ("12 mars 2024 à 14 h 05 min", "comment-meta"),
    ("12. März 2024 um 10:14 Uhr", "comment-meta"),
    ("March 12, 2012 at 10:14:33 pm", "comment-meta"),
    ("Posted by: Ann Lee | March 12, 2012 at 10:14 AM", "comment-meta"),
    ("th3Chris28.09.1913:39", "comment-meta"),
    ("marco m.19.10.1912:48", "comment-meta"),
    ("Reply", "comment-meta"),
    ("Antworten", "comment-meta"),
    ("Posted on by", "empty-byline"),
    ("in ,", "empty-byline"),
    ("Publié le par", "empty-byline"),
    ("Filed under Diplomacy, Asia | Tagged Korea | 5 Comments", "post-meta"),
    ("Tags: sanctions, Iran", "post-meta"),
    ("Share this:", "share-widget"),
    ("Twitter", "share-widget"),
    ("Like this:", "share-widget"),
    ("Like Loading...", "share-widget"),
    ("Email ThisBlogThis!Share to TwitterShare to FacebookShare to Pinterest", "share-widget"),
    ("Partager :", "share-widget"),
    ("Teilen mit:", "share-widget"),
    ("Gefällt mir Wird geladen …", "share-widget"),
    ("Sign up for our daily briefing", "newsletter-prompt"),
    ("Subscribe", "newsletter-prompt"),
    ("Abonnez-vous à notre newsletter", "newsletter-prompt"),
    (
        "We use cookies to improve your experience on our site. By continuing you accept them.",
        "cookie-notice",
    ),
    ("Accept all", "cookie-notice"),
    ("Diese Website verwendet Cookies, um Ihnen ein besseres Erlebnis zu bieten.", "cookie-notice"),
    ("Follow us on Twitter", "follow-us"),
    ("Suivez-nous sur Facebook", "follow-us"),
    ("Síguenos en Instagram", "follow-us"),
    ("© 2024 Meridian Wire. All rights reserved.", "copyright"),
    ("Copyright 2024 Portline Daily", "copyright"),
    ("Alle Rechte vorbehalten.", "copyright"),
    ("Newer Post Older Post Home", "blogger-footer"),
    ("Subscribe to: Post Comments (Atom)", "blogger-footer"),
    ("No comments:", "blogger-footer"),
    ("Post a Comment", "comment-form"),
    ("Entrada más reciente Entrada antigua Página Principal", "blogger-footer"),
    ("Suscribirse a: Enviar comentarios (Atom)", "blogger-footer"),
    ("No hay comentarios:", "blogger-footer"),
    ("Neuerer Post Älterer Post Startseite", "blogger-footer"),
    ("Article plus récent Article plus ancien Accueil", "blogger-footer"),
    ("« Previous post", "post-navigation"),
    ("Next post: The envoy reshuffle nobody announced", "post-navigation"),
    ("Skip to content", "navigation"),
    ("Advertisement", "advertisement"),
    ("Read more: Why the border commission keeps missing its deadlines", "read-more-link"),
    ("Also Read: Sanctions relief stalls again", "read-more-link"),
    ("Lire aussi : La médiation africaine", "read-more-link"),
    ("Auch lesen: Diese Gespräche scheiterten", "read-more-link"),
    ("VEA TAMBIÉN: Entre heces y guaricha", "read-more-link"),
    ("Czytaj też: Wyścig zbrojeń ruszył z kopyta", "read-more-link"),
    ("Crédits photos : Bestimage", "credit-line"),
    ("Fot. Lukasz Nowaczyk / Agencja Gazeta", "credit-line"),
    ("Marco Odermatt, Ski-Star aus der Schweiz. © AFP / MARCO BERTORELLO", "credit-line"),
    ("aja/PAP", "credit-line"),
    ("To view the full story, please subscribe to The Haitian Times.", "paywall"),
    ("Pour lire la suite", "paywall"),
    ("Tú también puedes hacer periodismo incómodo. Cancela cuando quieras.", "paywall"),
    ("Subscribe to continue reading.", "paywall"),
    ("You need to enable JavaScript to run this app.", "javascript-required"),
    ("JavaScript is disabled in your browser.", "javascript-required"),
    ("For the latest stories download the Nationnews apps for iOS and Android.", "app-promo"),
    ("¿Ya sabías que tenemos canal de Telegram? Únete desde tu celular.", "app-promo"),
    ("Anzeige, enthält Affiliate Links", "affiliate-notice"),
    (
        "This post contains references to products from one or more of our advertisers.",
        "affiliate-notice",
    ),
    (
        "Vielen Dank an den Verlag für die Bereitstellung des Rezensionsexemplars. "
        "Dies hat keine Auswirkungen auf meine Meinung.",
        "review-copy-notice",
    ),
    ("Dieses Buch wurde mir vom Verlag kostenlos zur Verfügung gestellt.", "review-copy-notice"),
    (
        "I received a free copy of this book from the publisher in exchange for an honest review.",
        "review-copy-notice",
    ),
    ("Thanks to NetGalley and Orbit for the e-ARC!", "review-copy-notice"),
    ("Merci aux éditions Gallimard pour l’envoi de ce service de presse.", "review-copy-notice"),
    ("Este libro me fue cedido por la editorial para su reseña.", "review-copy-notice"),
    ("Grazie alla casa editrice Mondadori per la copia del libro.", "review-copy-notice"),
    ("Met dank aan uitgeverij Prometheus voor het recensie-exemplaar.", "review-copy-notice"),
    ("Za egzemplarz recenzencki dziękuję Wydawnictwu Znak.", "review-copy-notice"),
    ("Aktualisiert am 17.01.2021.", "dateline"),
    ("Published: March 12, 2024", "dateline"),
    ("23.10.2018", "dateline"),
    ("We need your help. Donate today to keep our reporting free.", "donation-prompt"),
    ("Unterstütze RosaMag bereits mit 2,50!", "donation-prompt"),
    ("We want to hear what you think about this article.", "feedback-prompt"),
    ("Verraten Sie gerne in den Kommentaren: Was meinen Sie?", "feedback-prompt"),
    ("Kontakt:", "label-line"),
    ("Weitere Informationen:", "label-line"),
    ("| Weitere Artikel zum Thema |", "related-headlines"),
    ("Lesezeit: 4 Minuten", "reading-time"),
    ("5 min read", "reading-time"),
    (
        "Klicken Sie auf den unteren Button, um den Inhalt von www.komoot.de zu laden.",
        "embed-consent",
    ),
    ("Weitere Infos unter www.itfjuniors.de.", "more-info-link"),
    ("PC Gamer Newsletter", "newsletter-prompt"),
    (
        "Mit unserem Newsletter erhalten Sie monatlich Informationen rund um Österreich.",
        "newsletter-prompt",
    ),
]
