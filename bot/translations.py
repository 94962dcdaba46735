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
    }
)
"""Keyed by (command qualified name, option name as written in the cog)."""

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
