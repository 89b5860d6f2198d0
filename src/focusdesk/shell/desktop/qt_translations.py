"""Qt's own words (the standard buttons: OK, Cancel, Yes, No…) in FocusDesk's language.

FocusDesk's strings come from its gettext catalogue (`focusdesk.core.i18n`);
Qt ships qtbase_<lang>.qm for its standard dialogs, which PySide6 carries in
its translations folder. One translator is installed at a time; switching the
language replaces it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from focusdesk.core.i18n import current_language

_installed: list[QTranslator] = []


def install_qt_translations(app: QCoreApplication) -> bool:
    """Load qtbase for the current language (nothing for English); True when one is loaded."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    language = current_language()
    QLocale.setDefault(QLocale(language))
    if language == "en":
        return False
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(f"qtbase_{language}", folder):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True
