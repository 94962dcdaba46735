"""French, Spanish and German names and descriptions for every slash command and option."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from discord import Locale, app_commands
from discord.app_commands import TranslationContextLocation as Where

log = logging.getLogger(__name__)

LANGUAGES: Mapping[Locale, str] = MappingProxyType(
    {
        Locale.french: "fr",
        Locale.spain_spanish: "es",
        Locale.latin_american_spanish: "es",
        Locale.german: "de",
    }
)
"""Discord locales we translate into; both Spanish locales read the same Spanish."""

Wording = Mapping[str, tuple[str, str]]
"""Per language: (name, description). Names follow Discord's rule: lower-case, no spaces, ≤32."""

COMMANDS: Mapping[str, Wording] = MappingProxyType(
    {
        "ask": {
            "fr": (
                "demander",
                "Posez une question sur l'aide, la campagne #MeToo ou des témoignages. Privé.",
            ),
            "es": (
                "preguntar",
                "Pregunta sobre apoyo, la campaña #MeToo o testimonios. Privado por defecto.",
            ),
            "de": (
                "fragen",
                "Frag alles zu Hilfe, zur #MeToo-Kampagne oder zu Geschichten. Privat.",
            ),
        },
        "resources": {
            "fr": (
                "ressources",
                "Lignes d'aide pour un sujet, votre pays et le 24 h/24 d'abord. Privé.",
            ),
            "es": (
                "recursos",
                "Líneas de apoyo para un tema; primero tu país y las de 24 horas. Privado.",
            ),
            "de": (
                "hilfsangebote",
                "Hilfe zu einem Thema, dein Land und 24/7-Angebote zuerst. Privat.",
            ),
        },
        "facts": {
            "fr": (
                "faits",
                "Des faits sur la campagne #MeToo, chacun avec sa source. Privé par défaut.",
            ),
            "es": (
                "datos",
                "Datos sobre la campaña #MeToo, cada uno con su fuente. Privado por defecto.",
            ),
            "de": (
                "fakten",
                "Fakten zur #MeToo-Kampagne, jeweils mit Quelle. Standardmäßig privat.",
            ),
        },
        "timeline": {
            "fr": (
                "chronologie",
                "L'histoire de la campagne #MeToo, date par date, avec les sources.",
            ),
            "es": (
                "cronología",
                "La historia de la campaña #MeToo, fecha a fecha, con sus fuentes.",
            ),
            "de": ("chronik", "Die Geschichte der #MeToo-Kampagne, Datum für Datum, mit Quellen."),
        },
        "stories": {
            "fr": (
                "témoignages",
                "Témoignages publics : avertissements d'abord, détails seulement sur demande.",
            ),
            "es": (
                "testimonios",
                "Testimonios públicos: primero los avisos, los detalles solo si los pides.",
            ),
            "de": (
                "geschichten",
                "Öffentlich geteilte Geschichten: Hinweise zuerst, Details nur auf Wunsch.",
            ),
        },
        "urgent": {
            "fr": (
                "urgence",
                "Numéros d'urgence et lignes d'écoute 24 h/24 là où vous êtes, tout de suite.",
            ),
            "es": ("urgente", "Números de emergencia y líneas 24 horas donde estés, al instante."),
            "de": ("notfall", "Notrufnummern und 24/7-Hilfsangebote, wo du bist, sofort."),
        },
        "help": {
            "fr": (
                "aide",
                "Ce que Signpost peut faire pour vous, et la confidentialité de vos réponses.",
            ),
            "es": (
                "ayuda",
                "Lo que Signpost puede hacer por ti y lo privadas que son tus respuestas.",
            ),
            "de": ("hilfe", "Was Signpost für dich tun kann und wie privat deine Antworten sind."),
        },
        "about": {
            "fr": (
                "à-propos",
                "D'où vient le contenu de Signpost, et ce qu'il garde ou ne garde jamais.",
            ),
            "es": (
                "acerca-de",
                "De dónde viene el contenido de Signpost y qué guarda y nunca guarda.",
            ),
            "de": (
                "über",
                "Woher Signposts Inhalte kommen und was es speichert und nie speichert.",
            ),
        },
        "reload": {
            "fr": (
                "recharger",
                "Relire les fichiers de contenu ; en cas d'erreur, l'ancien reste.",
            ),
            "es": (
                "recargar",
                "Vuelve a leer el contenido; si tiene errores, se queda el anterior.",
            ),
            "de": (
                "neu-laden",
                "Inhalte neu einlesen; bei Fehlern bleiben die alten. Nur Redaktion.",
            ),
        },
        "privacy": {
            "fr": (
                "confidentialité",
                "Ce que Signpost garde, ce qu'il ne garde jamais, et les choix du serveur.",
            ),
            "es": (
                "privacidad",
                "Qué guarda Signpost exactamente, qué nunca guarda y lo que eligió este servidor.",
            ),
            "de": (
                "datenschutz",
                "Was Signpost genau speichert, was nie, und was dieser Server wählte.",
            ),
        },
        "support-a-friend": {
            "fr": (
                "soutenir-un-proche",
                "Un proche s'est confié à vous ? Quoi dire, comment écouter, du soutien pour vous.",
            ),
            "es": (
                "apoyar-a-alguien",
                "¿Alguien te contó que le hicieron daño? Qué decir, cómo escuchar y apoyo para ti.",
            ),
            "de": (
                "jemandem-beistehen",
                "Jemand hat sich dir anvertraut? Was sagen, wie zuhören, und Hilfe für dich.",
            ),
        },
        "reach-out": {
            "fr": (
                "alerte-discrète",
                "Demandez en privé aux modérateurs de ce serveur de prendre de vos nouvelles.",
            ),
            "es": (
                "aviso-discreto",
                "Pide en privado a la moderación que te contacte. Solo ella lo ve.",
            ),
            "de": (
                "stilles-signal",
                "Bitte die Moderation leise, sich bei dir zu melden. Nur sie sieht es.",
            ),
        },
        "admin": {
            "fr": ("admin", "Réglages et chiffres anonymes de ce serveur. Modération seulement."),
            "es": ("admin", "Ajustes y cifras anónimas de este servidor. Solo moderación."),
            "de": ("admin", "Einstellungen und anonyme Zahlen dieses Servers. Nur Moderation."),
        },
        "admin settings": {
            "fr": ("réglages", "Voir chaque réglage de ce serveur, sa valeur et son effet."),
            "es": ("ajustes", "Ver cada ajuste de este servidor, su valor y lo que hace."),
            "de": (
                "einstellungen",
                "Alle Einstellungen dieses Servers, ihr Wert und ihre Wirkung.",
            ),
        },
        "admin set": {
            "fr": ("modifier", "Changer un réglage de ce serveur ; il s'applique tout de suite."),
            "es": ("cambiar", "Cambia un ajuste de este servidor; se aplica al instante."),
            "de": ("ändern", "Eine Einstellung dieses Servers ändern; gilt sofort."),
        },
        "admin reset": {
            "fr": ("rétablir", "Remettre un réglage de ce serveur à la valeur par défaut."),
            "es": ("restablecer", "Devuelve un ajuste de este servidor a su valor por defecto."),
            "de": (
                "zurücksetzen",
                "Eine Einstellung dieses Servers auf den Standard zurücksetzen.",
            ),
        },
        "admin stats": {
            "fr": (
                "statistiques",
                "Chiffres anonymes de ce serveur ; les trop petits sont masqués.",
            ),
            "es": (
                "estadísticas",
                "Cifras anónimas de este servidor; las muy pequeñas se ocultan.",
            ),
            "de": ("statistik", "Anonyme Zahlen dieses Servers; zu kleine werden verborgen."),
        },
        "admin unmatched": {
            "fr": (
                "sans-réponse",
                "Questions souvent posées restées sans réponse, pour la rédaction.",
            ),
            "es": (
                "sin-respuesta",
                "Preguntas frecuentes que no hallaron respuesta, para editores.",
            ),
            "de": ("unbeantwortet", "Oft gestellte Fragen ohne Antwort, für die Redaktion."),
        },
    }
)
"""Keyed by qualified name, so rewording an English docstring keeps its translation."""

OPTIONS: Mapping[tuple[str, str], Wording] = MappingProxyType(
    {
        ("ask", "question"): {
            "fr": ("question", "Votre question, avec vos mots, p. ex. « comment aider une amie »"),
            "es": ("pregunta", "Tu pregunta con tus palabras, p. ej. «cómo ayudo a una amiga»"),
            "de": ("frage", "Deine Frage in deinen Worten, z. B. „wie helfe ich einer Freundin“"),
        },
        ("resources", "topic"): {
            "fr": ("sujet", "Le sujet sur lequel vous cherchez de l'aide"),
            "es": ("tema", "El tema con el que buscas apoyo"),
            "de": ("thema", "Wobei du Unterstützung suchst"),
        },
        ("resources", "country"): {
            "fr": ("pays", "Où vous êtes ; par défaut, le pays de votre langue Discord"),
            "es": ("país", "Dónde estás; por defecto, el país de tu idioma de Discord"),
            "de": ("land", "Wo du bist; standardmäßig das Land deiner Discord-Sprache"),
        },
        ("facts", "topic"): {
            "fr": ("sujet", "Pour choisir un sujet, p. ex. « origin » ; vide pour tous les faits"),
            "es": ("tema", "Elige un tema, p. ej. «origin»; déjalo vacío para ver todos"),
            "de": ("thema", "Fakten eingrenzen, z. B. „origin“; leer lassen für alle"),
        },
        ("stories", "theme"): {
            "fr": ("thème", "Témoignages sur un thème, p. ex. « speaking out » ; vide pour tous"),
            "es": ("tema", "Testimonios sobre un tema, p. ej. «speaking out»; vacío para todos"),
            "de": ("thema", "Geschichten zu einem Thema, z. B. „speaking out“; leer für alle"),
        },
        ("resources", "contact"): {
            "fr": (
                "contact",
                "Seulement les lignes joignables ainsi, p. ex. SMS si vous ne pouvez pas parler",
            ),
            "es": (
                "contacto",
                "Solo líneas que puedes usar así, p. ej. mensajes si no puedes hablar",
            ),
            "de": (
                "kontakt",
                "Nur Angebote, die so erreichbar sind, z. B. SMS, wenn du nicht sprechen kannst",
            ),
        },
        ("resources", "open_now"): {
            "fr": (
                "ouvert-maintenant",
                "Seulement les lignes ouvertes maintenant, selon leurs horaires publiés",
            ),
            "es": ("abierto-ahora", "Solo líneas abiertas ahora, según sus horarios publicados"),
            "de": (
                "jetzt-offen",
                "Nur Angebote, die jetzt geöffnet sind, laut veröffentlichten Zeiten",
            ),
        },
        ("reach-out", "note"): {
            "fr": ("message", "Facultatif : quelques mots pour les modérateurs"),
            "es": ("nota", "Opcional: unas palabras para la moderación"),
            "de": ("notiz", "Optional: ein paar Worte an die Moderation"),
        },
        ("admin set", "name"): {
            "fr": ("nom", "Le réglage à changer"),
            "es": ("nombre", "El ajuste que quieres cambiar"),
            "de": ("name", "Die Einstellung, die du ändern willst"),
        },
        ("admin set", "value"): {
            "fr": ("valeur", "Sa nouvelle valeur ; des suggestions s'affichent pendant la saisie"),
            "es": ("valor", "Su nuevo valor; verás sugerencias mientras escribes"),
            "de": ("wert", "Der neue Wert; Vorschläge erscheinen beim Tippen"),
        },
        ("admin reset", "name"): {
            "fr": ("nom", "Le réglage à remettre par défaut"),
            "es": ("nombre", "El ajuste que vuelve a su valor por defecto"),
            "de": ("name", "Die Einstellung, die auf den Standard zurückgeht"),
        },
        ("admin stats", "days"): {
            "fr": ("jours", "Sur combien de jours compter"),
            "es": ("días", "Cuántos días hacia atrás contar"),
            "de": ("tage", "Wie viele Tage zurück gezählt wird"),
        },
    }
)
"""Keyed by (command qualified name, option name as written in the cog)."""

CHOICES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "Call (phone or textphone)": {
            "fr": "Appel (téléphone ou téléscripteur)",
            "es": "Llamada (teléfono o teletipo)",
            "de": "Anruf (Telefon oder Schreibtelefon)",
        },
        "Text (SMS or WhatsApp), no speaking needed": {
            "fr": "SMS ou WhatsApp, sans avoir à parler",
            "es": "Mensaje (SMS o WhatsApp), sin hablar",
            "de": "SMS oder WhatsApp, ohne zu sprechen",
        },
        "Online chat": {"fr": "Chat en ligne", "es": "Chat en línea", "de": "Online-Chat"},
        "Website or email": {
            "fr": "Site web ou e-mail",
            "es": "Sitio web o correo",
            "de": "Website oder E-Mail",
        },
    }
)
"""Option choices a cog names with `locale_str`, keyed by their English name."""

_NAMES = (Where.command_name, Where.group_name, Where.parameter_name)
_COMMAND_PARTS = (
    Where.command_name,
    Where.command_description,
    Where.group_name,
    Where.group_description,
)


class Translations(app_commands.Translator):
    """Serves COMMANDS and OPTIONS to discord.py when commands are synced.

    discord.py only asks for an option's translation when its name and description are
    `locale_str`; cogs write plain strings, so `load` marks every option of `tree` first.
    Set this translator after the cogs are loaded.
    """

    def __init__(self, tree: app_commands.CommandTree[Any]) -> None:
        self.tree = tree

    async def load(self) -> None:
        """Mark every option translatable, keeping its English name and description."""
        for command in self.tree.walk_commands():
            if isinstance(command, app_commands.Command) and command.parameters:
                names = {
                    p.name: app_commands.locale_str(p.display_name) for p in command.parameters
                }
                texts = {p.name: app_commands.locale_str(p.description) for p in command.parameters}
                app_commands.rename(**names)(command)
                app_commands.describe(**texts)(command)

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        """Return the name or description for `locale`, or None to keep the English."""
        language = LANGUAGES.get(locale)
        if language is None:
            return None
        if context.location is Where.choice_name:
            choice = CHOICES.get(string.message)
            if choice is None:
                log.warning("No %s translation for choice %s", language, string.message)
            return choice[language] if choice else None
        data: Any = context.data
        if context.location in (Where.parameter_name, Where.parameter_description):
            wording = OPTIONS.get((data.command.qualified_name, data.name))
        elif context.location in _COMMAND_PARTS:
            wording = COMMANDS.get(data.qualified_name)
        else:
            return None
        if wording is None:
            log.warning("No %s translation for %s", language, string.message)
            return None
        name, description = wording[language]
        return name if context.location in _NAMES else description
