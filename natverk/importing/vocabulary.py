"""Focus areas a networks page can speak of, with their Swedish and English names."""

FOCUS_TAGS: dict[str, tuple[str, str]] = {
    "eu": ("EU", "EU"),
    "strukturfonder": ("Struktur- och investeringsfonder", "Structural and investment funds"),
    "landsbygdsutveckling": ("Landsbygdsutveckling", "Rural development"),
    "regional-utveckling": ("Regional utveckling", "Regional development"),
}
