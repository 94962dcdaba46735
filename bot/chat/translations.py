"""French, Spanish, German, Brazilian Portuguese, Dutch and Hindi names and descriptions.

Every slash command, option and option choice has a wording in each language.
"""

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
        Locale.brazil_portuguese: "pt-BR",
        Locale.dutch: "nl",
        Locale.hindi: "hi",
    }
)
"""Discord locales we translate into; both Spanish locales read the same Spanish."""

Wording = Mapping[str, tuple[str, str]]
"""Per language: (name, description).

Names follow Discord's rule: lower-case, no spaces, ≤32 letters, digits, "-" or "_" (Hindi
names are Devanagari, vowel signs included); descriptions are 1-100 characters.
"""

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
            "pt-BR": (
                "perguntar",
                "Pergunte sobre apoio, a campanha #MeToo ou relatos. Privado por padrão.",
            ),
            "nl": (
                "vragen",
                "Vraag wat je wilt over hulp, de #MeToo-campagne of verhalen. Standaard privé.",
            ),
            "hi": ("पूछें", "मदद, #MeToo अभियान या लोगों के अनुभवों के बारे में कुछ भी पूछें। डिफ़ॉल्ट रूप से निजी।"),
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
            "pt-BR": (
                "serviços-de-apoio",
                "Serviços de apoio por tema, com os do seu país e os de 24h primeiro. Privado.",
            ),
            "nl": (
                "hulplijnen",
                "Hulplijnen per onderwerp; eerst je eigen land en 24/7-lijnen. Standaard privé.",
            ),
            "hi": (
                "हेल्पलाइन",
                "विषय के हिसाब से हेल्पलाइन; आपके देश की और 24 घंटे वाली पहले। डिफ़ॉल्ट रूप से निजी।",
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
            "pt-BR": (
                "fatos",
                "Fatos sobre a campanha #MeToo, cada um com sua fonte. Privado por padrão.",
            ),
            "nl": (
                "feiten",
                "Feiten over de #MeToo-campagne, elk met de bron erbij. Standaard privé.",
            ),
            "hi": ("तथ्य", "#MeToo अभियान से जुड़े तथ्य, हर एक अपने स्रोत के साथ। डिफ़ॉल्ट रूप से निजी।"),
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
            "pt-BR": (
                "linha-do-tempo",
                "A história da campanha #MeToo, data por data, com as fontes. Privado por padrão.",
            ),
            "nl": (
                "tijdlijn",
                "De geschiedenis van de #MeToo-campagne, datum voor datum, met bronnen.",
            ),
            "hi": ("समयरेखा", "#MeToo अभियान का इतिहास, तारीख़ दर तारीख़, स्रोतों के साथ।"),
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
            "pt-BR": (
                "relatos",
                "Relatos públicos: avisos de conteúdo primeiro, detalhes só se você pedir.",
            ),
            "nl": (
                "verhalen",
                "Openbare verhalen: eerst inhoudswaarschuwingen, details pas als je erom vraagt.",
            ),
            "hi": ("अनुभव", "सार्वजनिक रूप से साझा किए गए अनुभव: पहले चेतावनी, ब्योरा तभी जब आप चाहें।"),
        },
        "urgent": {
            "fr": (
                "urgence",
                "Numéros d'urgence et lignes d'écoute 24 h/24 là où vous êtes, tout de suite.",
            ),
            "es": ("urgente", "Números de emergencia y líneas 24 horas donde estés, al instante."),
            "de": ("notfall", "Notrufnummern und 24/7-Hilfsangebote, wo du bist, sofort."),
            "pt-BR": (
                "urgente",
                "Números de emergência e atendimento 24 horas onde você estiver, agora mesmo.",
            ),
            "nl": (
                "noodhulp",
                "Meteen de alarmnummers en 24/7-hulplijnen in het land waar je bent.",
            ),
            "hi": ("तुरंत-मदद", "आप जहाँ हैं, वहाँ के आपातकालीन नंबर और 24 घंटे की हेल्पलाइन, तुरंत।"),
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
            "pt-BR": (
                "ajuda",
                "O que o Signpost pode fazer por você e quem consegue ver as respostas.",
            ),
            "nl": ("hulp", "Wat Signpost voor je kan doen, en hoe privé de antwoorden zijn."),
            "hi": ("मदद", "Signpost आपके लिए क्या कर सकता है, और आपको मिले जवाब कितने निजी रहते हैं।"),
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
            "pt-BR": (
                "sobre",
                "De onde vem o conteúdo do Signpost, o que ele guarda e o que nunca guarda.",
            ),
            "nl": (
                "over",
                "Waar de inhoud van Signpost vandaan komt, en wat het wel en nooit bewaart.",
            ),
            "hi": ("परिचय", "Signpost की जानकारी कहाँ से आती है, और यह क्या सहेजता है और क्या कभी नहीं।"),
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
            "pt-BR": (
                "recarregar",
                "Relê o conteúdo; se houver erros, o anterior continua valendo. Só para editores.",
            ),
            "nl": (
                "herladen",
                "Lees de inhoud opnieuw in; bij fouten blijft de oude staan. Alleen redactie.",
            ),
            "hi": (
                "रीलोड",
                "सामग्री की फ़ाइलें दोबारा पढ़ें; ग़लती हो तो पुरानी सामग्री बनी रहती है। सिर्फ़ संपादकों के लिए।",
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
            "pt-BR": (
                "privacidade",
                "O que o Signpost guarda, o que nunca guarda e o que este servidor escolheu.",
            ),
            "nl": (
                "privacy",
                "Wat Signpost precies bewaart, wat nooit, en wat deze server heeft gekozen.",
            ),
            "hi": ("निजता", "Signpost ठीक-ठीक क्या सहेजता है, क्या कभी नहीं, और इस सर्वर ने क्या चुना है।"),
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
            "pt-BR": (
                "apoiar-alguém",
                "Alguém se abriu com você? O que dizer, como escutar e apoio para você também.",
            ),
            "nl": (
                "iemand-steunen",
                "Iemand heeft je iets toevertrouwd? Wat zeg je, hoe luister je, en steun voor jou.",
            ),
            "hi": (
                "किसी-का-साथ-दें",
                "किसी ने आपको अपनी आपबीती बताई? क्या कहें, कैसे सुनें, और आपके लिए भी सहारा।",
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
            "pt-BR": (
                "aviso-discreto",
                "Peça em sigilo para a moderação ver como você está. Só ela recebe o pedido.",
            ),
            "nl": (
                "stil-signaal",
                "Vraag de moderators discreet om contact met je op te nemen. Alleen zij zien het.",
            ),
            "hi": (
                "बात-करनी-है",
                "इस सर्वर के मॉडरेटरों से चुपचाप कहें कि वे आपका हालचाल लें। यह सिर्फ़ उन्हें दिखेगा।",
            ),
        },
        "admin": {
            "fr": ("admin", "Réglages et chiffres anonymes de ce serveur. Modération seulement."),
            "es": ("admin", "Ajustes y cifras anónimas de este servidor. Solo moderación."),
            "de": ("admin", "Einstellungen und anonyme Zahlen dieses Servers. Nur Moderation."),
            "pt-BR": (
                "admin",
                "Configurações e totais anônimos de uso deste servidor. Só para a moderação.",
            ),
            "nl": (
                "admin",
                "Instellingen en anonieme gebruikscijfers van deze server. Alleen moderators.",
            ),
            "hi": ("एडमिन", "इस सर्वर की सेटिंग और इस्तेमाल के गुमनाम आँकड़े। सिर्फ़ मॉडरेटरों के लिए।"),
        },
        "admin settings": {
            "fr": ("réglages", "Voir chaque réglage de ce serveur, sa valeur et son effet."),
            "es": ("ajustes", "Ver cada ajuste de este servidor, su valor y lo que hace."),
            "de": (
                "einstellungen",
                "Alle Einstellungen dieses Servers, ihr Wert und ihre Wirkung.",
            ),
            "pt-BR": (
                "configurações",
                "Veja cada configuração deste servidor, seu valor e o que ela faz.",
            ),
            "nl": (
                "instellingen",
                "Bekijk elke instelling van deze server, de waarde en wat die doet.",
            ),
            "hi": ("सेटिंग", "इस सर्वर की हर सेटिंग देखें: उसका मान और वह क्या करती है।"),
        },
        "admin set": {
            "fr": ("modifier", "Changer un réglage de ce serveur ; il s'applique tout de suite."),
            "es": ("cambiar", "Cambia un ajuste de este servidor; se aplica al instante."),
            "de": ("ändern", "Eine Einstellung dieses Servers ändern; gilt sofort."),
            "pt-BR": ("alterar", "Altere uma configuração deste servidor; passa a valer na hora."),
            "nl": ("wijzigen", "Wijzig een instelling van deze server; dit geldt meteen."),
            "hi": ("बदलें", "इस सर्वर की कोई सेटिंग बदलें; बदलाव तुरंत लागू होता है।"),
        },
        "admin reset": {
            "fr": ("rétablir", "Remettre un réglage de ce serveur à la valeur par défaut."),
            "es": ("restablecer", "Devuelve un ajuste de este servidor a su valor por defecto."),
            "de": (
                "zurücksetzen",
                "Eine Einstellung dieses Servers auf den Standard zurücksetzen.",
            ),
            "pt-BR": (
                "redefinir",
                "Restaure uma configuração deste servidor ao padrão do Signpost.",
            ),
            "nl": (
                "herstellen",
                "Zet een instelling van deze server terug naar de standaard van Signpost.",
            ),
            "hi": ("रीसेट", "इस सर्वर की कोई सेटिंग Signpost के डिफ़ॉल्ट पर लौटाएँ।"),
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
            "pt-BR": (
                "estatísticas",
                "Totais anônimos deste servidor; números pequenos demais ficam ocultos.",
            ),
            "nl": (
                "statistieken",
                "Anonieme totalen van deze server; te kleine aantallen worden verborgen.",
            ),
            "hi": ("आँकड़े", "इस सर्वर के गुमनाम आँकड़े; बहुत छोटी संख्याएँ छिपी रहती हैं।"),
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
            "pt-BR": (
                "sem-resposta",
                "Perguntas frequentes sem resposta, para os editores criarem conteúdo.",
            ),
            "nl": (
                "onbeantwoord",
                "Vaak gestelde vragen zonder antwoord, zodat de redactie inhoud kan toevoegen.",
            ),
            "hi": (
                "बिना-जवाब",
                "ऐसे सवाल जो कई लोगों ने पूछे पर जिनका जवाब नहीं मिला, ताकि संपादक सामग्री जोड़ सकें।",
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
            "pt-BR": (
                "pergunta",
                "Sua pergunta, com suas próprias palavras, ex.: “como ajudo uma amiga”",
            ),
            "nl": ("vraag", "Je vraag in je eigen woorden, bijv. ‘hoe help ik een vriendin’"),
            "hi": ("सवाल", "आपका सवाल, अपने शब्दों में, जैसे ‘मैं अपनी दोस्त की मदद कैसे करूँ’"),
        },
        ("resources", "topic"): {
            "fr": ("sujet", "Le sujet sur lequel vous cherchez de l'aide"),
            "es": ("tema", "El tema con el que buscas apoyo"),
            "de": ("thema", "Wobei du Unterstützung suchst"),
            "pt-BR": ("tema", "Sobre o que você gostaria de receber apoio"),
            "nl": ("onderwerp", "Waar je steun bij zoekt"),
            "hi": ("विषय", "आपको किस बारे में सहारा चाहिए"),
        },
        ("resources", "country"): {
            "fr": ("pays", "Où vous êtes ; par défaut, le pays de votre langue Discord"),
            "es": ("país", "Dónde estás; por defecto, el país de tu idioma de Discord"),
            "de": ("land", "Wo du bist; standardmäßig das Land deiner Discord-Sprache"),
            "pt-BR": ("país", "Onde você está; por padrão, o país do seu idioma no Discord"),
            "nl": ("land", "Waar je bent; standaard het land van je Discord-taal"),
            "hi": ("देश", "आप कहाँ हैं; न चुनें तो आपकी Discord भाषा वाला देश"),
        },
        ("facts", "topic"): {
            "fr": ("sujet", "Pour choisir un sujet, p. ex. « origin » ; vide pour tous les faits"),
            "es": ("tema", "Elige un tema, p. ej. «origin»; déjalo vacío para ver todos"),
            "de": ("thema", "Fakten eingrenzen, z. B. „origin“; leer lassen für alle"),
            "pt-BR": ("tema", "Escolha um tema, ex.: “origin”; deixe vazio para ver todos"),
            "nl": ("onderwerp", "Kies een onderwerp, bijv. ‘origin’; laat leeg voor alle feiten"),
            "hi": ("विषय", "कोई एक विषय चुनें, जैसे ‘origin’; सभी तथ्यों के लिए खाली छोड़ें"),
        },
        ("stories", "theme"): {
            "fr": ("thème", "Témoignages sur un thème, p. ex. « speaking out » ; vide pour tous"),
            "es": ("tema", "Testimonios sobre un tema, p. ej. «speaking out»; vacío para todos"),
            "de": ("thema", "Geschichten zu einem Thema, z. B. „speaking out“; leer für alle"),
            "pt-BR": (
                "tema",
                "Relatos sobre um tema, ex.: “speaking out”; deixe vazio para ver todos",
            ),
            "nl": (
                "thema",
                "Verhalen over één thema, bijv. ‘speaking out’; laat leeg voor alle verhalen",
            ),
            "hi": ("विषय", "किसी एक विषय पर अनुभव, जैसे ‘speaking out’; सभी के लिए खाली छोड़ें"),
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
            "pt-BR": (
                "contato",
                "Só serviços que você pode contatar assim, ex.: mensagem se não puder falar",
            ),
            "nl": (
                "contact",
                "Alleen lijnen die je zo kunt bereiken, bijv. sms als je niet kunt praten",
            ),
            "hi": ("संपर्क", "सिर्फ़ वे हेल्पलाइन जिनसे इस तरह संपर्क हो सके, जैसे बोल न सकें तो मैसेज"),
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
            "pt-BR": ("aberto-agora", "Só serviços abertos agora, segundo os horários divulgados"),
            "nl": ("nu-open", "Alleen lijnen die nu open zijn, volgens hun openingstijden"),
            "hi": ("अभी-खुली", "सिर्फ़ वे हेल्पलाइन जो अभी खुली हैं, उनके बताए समय के अनुसार"),
        },
        ("reach-out", "note"): {
            "fr": ("message", "Facultatif : quelques mots pour les modérateurs"),
            "es": ("nota", "Opcional: unas palabras para la moderación"),
            "de": ("notiz", "Optional: ein paar Worte an die Moderation"),
            "pt-BR": (
                "recado",
                "Opcional: algo para a moderação, ex.: “alguém pode me chamar no privado?”",
            ),
            "nl": (
                "bericht",
                "Optioneel: iets voor de moderators, bijv. ‘kan iemand me een DM sturen?’",
            ),
            "hi": ("संदेश", "वैकल्पिक: मॉडरेटरों के लिए कुछ शब्द, जैसे ‘क्या कोई मुझे DM कर सकता है?’"),
        },
        ("admin set", "name"): {
            "fr": ("nom", "Le réglage à changer"),
            "es": ("nombre", "El ajuste que quieres cambiar"),
            "de": ("name", "Die Einstellung, die du ändern willst"),
            "pt-BR": ("nome", "A configuração que você quer alterar"),
            "nl": ("naam", "De instelling die je wilt wijzigen"),
            "hi": ("नाम", "जिस सेटिंग को बदलना है"),
        },
        ("admin set", "value"): {
            "fr": ("valeur", "Sa nouvelle valeur ; des suggestions s'affichent pendant la saisie"),
            "es": ("valor", "Su nuevo valor; verás sugerencias mientras escribes"),
            "de": ("wert", "Der neue Wert; Vorschläge erscheinen beim Tippen"),
            "pt-BR": ("valor", "O novo valor; sugestões aparecem enquanto você digita"),
            "nl": ("waarde", "De nieuwe waarde; tijdens het typen verschijnen suggesties"),
            "hi": ("मान", "नया मान; टाइप करते समय सुझाव दिखते हैं"),
        },
        ("admin reset", "name"): {
            "fr": ("nom", "Le réglage à remettre par défaut"),
            "es": ("nombre", "El ajuste que vuelve a su valor por defecto"),
            "de": ("name", "Die Einstellung, die auf den Standard zurückgeht"),
            "pt-BR": ("nome", "A configuração que volta ao padrão do Signpost"),
            "nl": ("naam", "De instelling die terug moet naar de standaard van Signpost"),
            "hi": ("नाम", "जिस सेटिंग को Signpost के डिफ़ॉल्ट पर लौटाना है"),
        },
        ("admin stats", "days"): {
            "fr": ("jours", "Sur combien de jours compter"),
            "es": ("días", "Cuántos días hacia atrás contar"),
            "de": ("tage", "Wie viele Tage zurück gezählt wird"),
            "pt-BR": ("dias", "Quantos dias para trás contar"),
            "nl": ("dagen", "Hoeveel dagen terug je wilt tellen"),
            "hi": ("दिन", "कितने दिन पीछे तक गिनना है"),
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
            "pt-BR": "Ligação (telefone comum ou para surdos)",
            "nl": "Bellen (telefoon of teksttelefoon)",
            "hi": "कॉल (फ़ोन या बधिरों के लिए टेक्स्ट फ़ोन)",
        },
        "Text (SMS or WhatsApp), no speaking needed": {
            "fr": "SMS ou WhatsApp, sans avoir à parler",
            "es": "Mensaje (SMS o WhatsApp), sin hablar",
            "de": "SMS oder WhatsApp, ohne zu sprechen",
            "pt-BR": "Mensagem (SMS ou WhatsApp), sem precisar falar",
            "nl": "Sms of WhatsApp, zonder te hoeven praten",
            "hi": "मैसेज (SMS या WhatsApp), बोलने की ज़रूरत नहीं",
        },
        "Online chat": {
            "fr": "Chat en ligne",
            "es": "Chat en línea",
            "de": "Online-Chat",
            "pt-BR": "Chat online",
            "nl": "Online chatten",
            "hi": "ऑनलाइन चैट",
        },
        "Website or email": {
            "fr": "Site web ou e-mail",
            "es": "Sitio web o correo",
            "de": "Website oder E-Mail",
            "pt-BR": "Site ou e-mail",
            "nl": "Website of e-mail",
            "hi": "वेबसाइट या ईमेल",
        },
        "7 days": {
            "fr": "7 jours",
            "es": "7 días",
            "de": "7 Tage",
            "pt-BR": "7 dias",
            "nl": "7 dagen",
            "hi": "7 दिन",
        },
        "30 days": {
            "fr": "30 jours",
            "es": "30 días",
            "de": "30 Tage",
            "pt-BR": "30 dias",
            "nl": "30 dagen",
            "hi": "30 दिन",
        },
        "90 days": {
            "fr": "90 jours",
            "es": "90 días",
            "de": "90 Tage",
            "pt-BR": "90 dias",
            "nl": "90 dagen",
            "hi": "90 दिन",
        },
    }
)
"""Every option choice, keyed by its English name.

With a translator set, discord.py asks for plain-string choices too (the /admin stats days).
"""


def command_wording(name: str, description: str, language: str) -> tuple[str, str]:
    """A command's name and description as Discord shows them to a member reading `language`."""
    key = "pt-BR" if language == "pt" else language
    return COMMANDS.get(name, {}).get(key, (name, description))


_NAMES = (Where.command_name, Where.group_name, Where.parameter_name)
_COMMAND_PARTS = (
    Where.command_name,
    Where.command_description,
    Where.group_name,
    Where.group_description,
)


class Translations(app_commands.Translator):
    """Serves COMMANDS, OPTIONS and CHOICES to discord.py when commands are synced.

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
