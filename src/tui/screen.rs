//! Where the user is (DESIGN §5): one value for the screen under any sheet
//! and overlay, so that a search open behind a dossier, or a dossier with no
//! screen to go back to, cannot be.

use super::dossier::DossierView;
use super::list::ListView;
use super::today::TodayView;

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

impl Screen {
    /// The component of this screen: Today's, the list's (both kept by the
    /// app across screens) or the dossier's.
    pub(super) fn component<'a>(
        &'a self,
        today: &'a TodayView,
        list: &'a ListView,
    ) -> &'a dyn super::component::Component {
        match self {
            Screen::Today => today,
            Screen::List { .. } => list,
            Screen::Dossier { view, .. } => view.as_ref(),
        }
    }

    /// The component of this screen, to act on.
    pub(super) fn component_mut<'a>(
        &'a mut self,
        today: &'a mut TodayView,
        list: &'a mut ListView,
    ) -> &'a mut dyn super::component::Component {
        match self {
            Screen::Today => today,
            Screen::List { .. } => list,
            Screen::Dossier { view, .. } => view.as_mut(),
        }
    }

    /// The dossier, if the screen is one.
    pub fn dossier(&self) -> Option<&DossierView> {
        match self {
            Screen::Dossier { view, .. } => Some(view),
            _ => None,
        }
    }

    pub(super) fn dossier_mut(&mut self) -> Option<&mut DossierView> {
        match self {
            Screen::Dossier { view, .. } => Some(view),
            _ => None,
        }
    }

    /// True while keys go to the customer list's search field.
    pub fn searching(&self) -> bool {
        matches!(self, Screen::List { searching: true })
    }

    /// True on the customer list itself (no dossier over it).
    pub(super) fn on_list(&self) -> bool {
        matches!(self, Screen::List { .. })
    }

    /// True on Today itself (no dossier over it).
    pub(super) fn on_today(&self) -> bool {
        matches!(self, Screen::Today)
    }

    /// Close the dossier: back to the screen under it.
    pub fn close_dossier(&mut self) {
        if let Screen::Dossier { over, .. } = self {
            *self = over.screen();
        }
    }

    /// Show `view`, over the home screen now shown.
    pub(super) fn show_dossier(&mut self, view: DossierView) {
        let over = self.home();
        *self = Screen::Dossier { view: Box::new(view), over };
    }
}
