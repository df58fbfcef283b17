"""What belongs to a web page and not to a testimonial: its « chrome ».

Menus, mobile-menu labels (« Sélectionner une page »), category labels above
the title (« Témoignage »), share buttons, comment forms, sidebars, « Articles
récents », footers. Two kinds of rules:

- labels: a whole line or paragraph that is a known interface text; only such
  a whole line is dropped, never a word inside the author's text;
- structure (web pages): elements whose tag, ARIA role or class name says
  what they are (``nav``, ``role="navigation"``, ``class="share-buttons"``),
  and sections under a heading such as « Articles récents ».
"""

from __future__ import annotations

import re

from kb.core.french import fold


def label_key(text: str) -> str:
    """*text* folded for comparison: no accents, no punctuation, one space."""
    text = fold(text).replace("’", " ").replace("'", " ")
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


# Texts of a site's interface, never of an author (compared with label_key).
INTERFACE = frozenset(label_key(t) for t in """
Sélectionner une page|Menu|Ouvrir le menu|Fermer le menu|Fermer|Menu principal|Navigation|Navigation principale
Aller au contenu|Aller au contenu principal|Passer au contenu|Passer au contenu principal|Skip to content
Skip to main content|Toggle navigation|Rechercher|Recherche|Rechercher…|Search|Accueil|Home
Partager|Partager :|Partager cet article|Partagez|Partagez cet article|Partager sur Facebook|Partager sur Twitter
Partager sur LinkedIn|Partager par e-mail|Share|Share this|Share this:|Tweet|Tweeter|J’aime|J’aime :|Like this|Like this:
J’aime chargement…|Chargement…|Loading…|Imprimer|Print|Lire la suite|Read more|En savoir plus|Retour|Retour en haut
Haut de page|Back to top|Article précédent|Article suivant|Précédent|Suivant|Previous|Next|Previous post|Next post
Laisser un commentaire|Laissez un commentaire|Leave a comment|Leave a reply|Laisser une réponse|Répondre|Reply
Commentaires|Pas de commentaire|Aucun commentaire|Articles récents|Commentaires récents|Recent posts
Recent comments|Archives|Catégories|Méta|Étiquettes|Mots-clés|Tags|Articles similaires|Articles liés|À lire aussi
Lire aussi|Vous aimerez aussi|Sur le même sujet|Related posts|Newsletter|S’abonner|Abonnez-vous|Suivez-nous
Tous droits réservés|Mentions légales|Politique de confidentialité|Gestion des cookies|Accepter|Refuser
""".replace("\n", "|").split("|") if t.strip())

# Category labels: dropped only as a line of their own above the title.
CATEGORIES = frozenset(label_key(t) for t in """
Témoignage|Témoignages|Article|Articles|Actualité|Actualités|Actus|Blog|Interview|Entretien|Entretiens|Tribune
Tribunes|Point de vue|Opinion|Chronique|Non classé|Uncategorized|News|Publication|Publications|Billet|Édito
Éditorial|Portrait|Retour d’expérience|Cas client|Étude de cas|Témoignage client|Témoignages clients
""".replace("\n", "|").split("|") if t.strip())

PATTERNS = (
    re.compile(r"\d+ (commentaires?|comments?|reponses?|partages?|shares?|likes?|j aime)"),
    re.compile(r"(publie|mis a jour|posted|published|updated) (le|on|par|by) .{0,60}"),
)
BREADCRUMB = re.compile(r"\s*(Accueil|Home)\s*[›»>/|→]", re.I)


def is_interface(text: str) -> bool:
    key = label_key(text)
    return bool(key) and (key in INTERFACE or any(p.fullmatch(key) for p in PATTERNS)
                          or (bool(BREADCRUMB.match(text)) and len(text) < 200))


def is_category(text: str) -> bool:
    return label_key(text) in CATEGORIES


# Headings that open a section of the page, not of the text.
CHROME_HEADING = re.compile(
    r"(articles? (recents?|similaires?|lies?|connexes?|populaires?)|commentaires? recents?|a lire aussi|lire aussi"
    r"|vous aimerez aussi|vous aimerez aussi lire|sur le meme (sujet|theme)|dans la meme categorie"
    r"|(laisser|laissez|ajouter) un commentaire|\d* ?commentaires?|\d* ?reponses?|leave a (reply|comment)"
    r"|partager( cet article| sur .*)?|partagez( cet article)?|share( this)?|related posts|recent posts"
    r"|recent comments|archives|categories|etiquettes|mots cles|tags|newsletter|abonnez vous|s abonner"
    r"|suivez nous|a propos de l auteure?|about the author|l auteure?|navigation des articles|post navigation"
    r"|meta)")


def is_chrome_heading(text: str) -> bool:
    return bool(CHROME_HEADING.fullmatch(label_key(text)))


# Class and id names of page chrome, one name at a time (``_`` read as ``-``).
CHROME_NAME = re.compile(r"""(?:^|-)(?:
  nav|navbar|navigation|menu|menus|submenu|mobile-menu|breadcrumbs?|sidebar|widgets?|widget-area
 |share|shares|sharing|sharedaddy|social|socials|social-media|addtoany|a2a|sharethis|shariff
 |comments?|commentlist|comment-list|respond|comment-respond|comment-form|disqus
 |related|relatedposts|jp-relatedposts|related-posts|post-navigation|nav-links|pagination|pager
 |footer|site-footer|colophon|cookies?|cookie-notice|cookie-banner|gdpr|consent
 |newsletter|subscribe|subscription|advert|advertisement|ads|adsense|sponsored|promo|outbrain|taboola
 |popup|modal|skip-link|screen-reader-text|sr-only|visually-hidden
 |post-meta|entry-meta|postmeta|meta-info|entry-footer|author-box|authorbox|author-bio|about-author
 |tags|tag-links|tagcloud|cat-links|categories|printfriendly|print-button|masthead|topbar|top-bar|toolbar
 |search|searchform|search-form|login|signup|likes|rating|jetpack-likes
)(?:$|-)""", re.X)


LAYOUT_PREFIX = re.compile(r"(no|has|with|without|is|show|hide|layout|page-template)-")


def is_chrome_name(names: str) -> bool:
    """Whether one of the class names (or the id) in *names* names page chrome
    (« no-sidebar », « has-sidebar »… describe a layout, not chrome)."""
    for name in names.split():
        name = name.lower().replace("_", "-")
        if not LAYOUT_PREFIX.match(name) and CHROME_NAME.search(name):
            return True
    return False


CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar",
                          "dialog", "alertdialog", "toolbar", "tablist"})
CHROME_TAGS = ("nav", "aside", "footer", "form", "button", "input", "select", "textarea", "label", "dialog",
               "menu", "fieldset")
# Class names of an article's meta line (its date, its author), in a class attribute.
META_NAMES = re.compile(r"(?:^|[-\s])(?:byline|author|vcard|post-meta|entry-meta|postmeta|meta-info|posted-on"
                        r"|entry-date|published|date)(?:$|[-\s])")
SHARE_LINK = re.compile(r"(facebook\.com/sharer|twitter\.com/(intent|share)|x\.com/intent|linkedin\.com/"
                        r"(share|shareArticle|cws/share)|pinterest\.com/pin/create|reddit\.com/submit"
                        r"|api\.whatsapp\.com/send|wa\.me/|t\.me/share|mailto:\?)", re.I)
TRACKING = re.compile(r"(pixel|beacon|tracking|tracker|/tr\?|analytics|doubleclick|facebook\.com/tr|/collect\?"
                      r"|/b/ss/|/piwik|matomo|quantserve|scorecardresearch|/ping\?)", re.I)
