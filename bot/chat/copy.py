"""The words Signpost writes itself, in one place, so they can be read, reviewed and translated."""

from __future__ import annotations

from bot.language import N_

ABOUT_LEAD = N_(
    "Signpost answers only from content its editors wrote and checked: support lines, facts and "
    "a timeline of the #MeToo campaign, and stories people chose to make public. Every support "
    "line names its source and how old that source is. Signpost is not a counsellor and "
    "cannot reply as a person; the lines it lists can."
)
HELP_LEAD = N_("Signpost points you to support and to checked facts about the #MeToo campaign.")
HELP_URGENT = N_("**In danger or need help right now?** /urgent shows emergency numbers at once.")
PRIVATE_HERE = N_("Only you can see Signpost's replies here.")
PUBLIC_HERE = N_("This server chose to let everyone in this channel see Signpost's replies.")
PRIVACY_SHORT = N_(
    "Signpost never keeps your name, your account, or what you type. /about explains "
    "exactly what it counts."
)
URGENT_FOOTER = N_("Somewhere else? /resources lists support lines by country.")
TIMELINE_TITLE = N_("Timeline of the #MeToo campaign")
READ_WHEN_READY = N_("*Read the full account when you're ready, or move on: it's your choice.*")
READ_IN_STORIES = N_("*/stories lets you read the full account when you're ready.*")
SUPPORTER_TITLE = N_("Supporting someone who told you")
SUPPORTER_LEAD = N_(
    "Someone trusted you with something hard. You don't need perfect words: believing them and "
    "listening matter most. These answers come from support services, each with its source. The "
    "last page lists lines that also take calls from friends and family, for you."
)
NO_SUPPORTER_LINES = N_(
    "I don't have lines for friends and family here yet. Most support lines in /resources "
    "will still talk with you; /urgent lists emergency numbers and 24/7 lines."
)
PRIVACY_LEAD = N_(
    "Signpost counts how it is used, anonymously: one event per command, holding only:"
)
SHARED_POSTS = N_(
    "When you share a line in a channel, Discord keeps that message, with a Delete button that "
    "holds your Discord id so only you or a moderator can remove it. Signpost keeps no copy."
)
ALERT_LINE = N_("**Quiet alert:** {member} would like someone to check in with them.")
ALERT_NOTE = N_("Their note: {note}")
ALERT_FOOTER = N_("-# Sent privately with /reach-out. Signpost keeps no copy.")
ALERT_SENT = N_(
    "Your server's moderators can now see this in their channel. Signpost keeps no copy. "
    "A moderator may message you; if you need help right now, /urgent lists emergency numbers."
)
SETTINGS_TITLE = N_("Signpost settings for this server")
SETTINGS_FOOTER = N_("Change one with /admin set, or go back to the default with /admin reset.")
STATS_FOOTER = N_(
    "Counts under {threshold} show as <{threshold}, so no one can be singled out. Top topics "
    "count answers that opened a topic, as /resources does."
)
UNMATCHED_TITLE = N_("Questions that found no answer")
UNMATCHED_NONE = N_("No unanswered question has been asked {min_count} times or more yet.")
UNMATCHED_FOOTER = N_(
    "From every server that chose to keep them, without numbers, links or mentions and with no "
    "note of who asked; a question shows once asked {min_count} times."
)
COMMAND_OFF = N_(
    "This server's moderators have switched /{name} off here. "
    "If you need help right now, /urgent lists emergency numbers."
)
KIND_ERROR = N_(
    "Sorry, something went wrong on our side and this didn't work. Please try again in a moment. "
    "If you need help right now, /urgent lists emergency numbers."
)
GOING_FAST = N_("You're going a little fast. Please try again in {seconds:.0f} s.")
NOT_AVAILABLE_HERE = N_("This command isn't available here.")
NOT_YOURS = N_(
    "These buttons belong to the person who ran the command. You can run it yourself to browse."
)
NOT_YOUR_POST = N_(
    "Only the person who shared this, or a moderator, can delete it. If it worries you, "
    "please tell a moderator."
)
DELETE_FAILED = N_("Sorry, I couldn't delete that message. A moderator can remove it.")
SHARE_NOTE = N_("Shared from Signpost, a private guide to support services.")
ENTRY_GONE = N_("That entry is no longer available.")
LINE_GONE = N_("That line is no longer listed.")
NO_SHARING_HERE = N_("Sharing isn't available here. You can copy the details instead.")
CHOOSE_COUNTRY = N_("Where are you? Choose your country for its emergency numbers")
NOTHING_COUNTED = N_("Nothing counted yet.")
TOO_FEW_TO_SHOW = N_(
    "Too little use yet to show which, without risking pointing at someone: each is under the "
    "threshold and all are counted together."
)
ABOUT_PRIVACY = N_(
    "No names, accounts or what you type are kept. Anonymous counts are deleted after {days} "
    "days, and in statistics counts under {threshold} are hidden. /privacy shows exactly what "
    "is stored and never stored."
)
ALERT_URGENT = N_(
    "**Urgent:** their note reads like they may be in danger now. They have been shown emergency "
    "numbers; please check in straight away."
)
OPEN_UNTIL = N_("Open now, until {time}")
OPENS_AT = N_("Closed now, opens {time}")
REPORT_LABEL = N_("Report a wrong number")
REPORT_THANKS = N_(
    "Thank you for telling us. Signpost's editors will check this number against its source."
)
REPORT_SOURCE = N_("It is shown as the organisation lists it on its own page: {source}")
REPORT_SOURCE_ELSEWHERE = N_("It is shown as listed in its source ({note}): {source}")
REPORTS_KEPT = N_(
    "If you report a wrong number, only which line and the day are kept: not who reported, "
    "nor where."
)
HELP_TITLE = N_("What Signpost can do")
PRIVACY_TITLE = N_("Your privacy")
PRIVACY_RETENTION = N_(
    "These events are deleted after {days} days. In any statistics, counts under {threshold} "
    "are hidden, so no one can be singled out."
)
URGENT_MORE_TITLE = N_("More support lines")
MORE_IN = N_("{count} more in {command}")
