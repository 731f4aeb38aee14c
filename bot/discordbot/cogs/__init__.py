"""Features of the bot, one package per cog; each package's ``setup`` is the extension entry."""
