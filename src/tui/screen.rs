//! Where the user is (DESIGN §5): one value for the screen under any sheet
//! and overlay, so that a search open behind a dossier, or a dossier with no
//! screen to go back to, cannot be.

use super::app::App;
use super::dossier::DossierView;

/// The screen a dossier goes back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Home {
    /// Today, the home screen.
    Today,
    /// The customer list.
    List,
}

/// The screen shown.
pub enum Screen {
    /// Today: what to do now.
    Today,
    /// The customer list, its search field focused or not.
    List {
        /// Keys go to the search field.
        searching: bool,
    },
    /// A customer's dossier, over Today or the list.
    Dossier {
        /// The dossier.
        view: Box<DossierView>,
        /// Where Back goes.
        over: Home,
    },
}

impl Home {
    /// The screen itself.
    pub fn screen(self) -> Screen {
        match self {
            Home::Today => Screen::Today,
            Home::List => Screen::List { searching: false },
        }
    }
}

impl Screen {
    /// The home screen it is or is over.
    pub fn home(&self) -> Home {
        match self {
            Screen::Today => Home::Today,
            Screen::List { .. } => Home::List,
            Screen::Dossier { over, .. } => *over,
        }
    }
}

impl App {
    /// The component that takes the keys: the sheet open, else the screen.
    pub(super) fn component(&self) -> &dyn super::component::Component {
        if let Some(sheet) = &self.sheet {
            return sheet;
        }
        match &self.screen {
            Screen::Today => &self.today,
            Screen::List { .. } => &self.list,
            Screen::Dossier { view, .. } => view.as_ref(),
        }
    }

    /// The component of the screen shown (under any sheet), to act on.
    pub(super) fn component_mut(&mut self) -> &mut dyn super::component::Component {
        match &mut self.screen {
            Screen::Today => &mut self.today,
            Screen::List { .. } => &mut self.list,
            Screen::Dossier { view, .. } => view.as_mut(),
        }
    }

    /// The open dossier, if the screen is one.
    pub fn dossier(&self) -> Option<&DossierView> {
        match &self.screen {
            Screen::Dossier { view, .. } => Some(view),
            _ => None,
        }
    }

    pub(super) fn dossier_mut(&mut self) -> Option<&mut DossierView> {
        match &mut self.screen {
            Screen::Dossier { view, .. } => Some(view),
            _ => None,
        }
    }

    /// True when Today is the screen, or the one under the dossier.
    pub fn home(&self) -> bool {
        self.screen.home() == Home::Today
    }

    /// True while keys go to the customer list's search field.
    pub fn searching(&self) -> bool {
        matches!(self.screen, Screen::List { searching: true })
    }

    /// True on the customer list itself (no dossier over it).
    pub(super) fn on_list(&self) -> bool {
        matches!(self.screen, Screen::List { .. })
    }

    /// True on Today itself (no dossier over it).
    pub(super) fn on_today(&self) -> bool {
        matches!(self.screen, Screen::Today)
    }

    /// Close the dossier: back to the screen under it.
    pub fn close_dossier(&mut self) {
        if let Screen::Dossier { over, .. } = self.screen {
            self.screen = over.screen();
        }
    }

    /// Show `view`, over the home screen now shown.
    pub(super) fn show_dossier(&mut self, view: DossierView) {
        let over = self.screen.home();
        self.screen = Screen::Dossier { view: Box::new(view), over };
    }
}
