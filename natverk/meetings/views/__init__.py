"""Meetings, by audience: those who sit in a meeting's networks (`members`), the
coordinators who run it (`coordinators`), the secretariat's follow-up (`secretariat`),
invited people answering from an email without logging in (`links`), and calendar
programs (`feeds`)."""
