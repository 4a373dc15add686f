//! The gallery's view in the URL: facet, search, filters, sort and cards-or-table are query
//! parameters, so a link (or a reload) reproduces the view.

use crate::api::images::{Facet, ImageQuery};
use crate::api::query_string;

/// Images per Glance page: a "Load more" asks for the next this many.
pub const PAGE_SIZE: u32 = 30;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Newest,
    Oldest,
    Name,
    Largest,
    Smallest,
}

impl Sort {
    pub const ALL: [Sort; 5] = [Sort::Newest, Sort::Oldest, Sort::Name, Sort::Largest, Sort::Smallest];

    pub fn key(self) -> &'static str {
        match self {
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
            Sort::Name => "name",
            Sort::Largest => "largest",
            Sort::Smallest => "smallest",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Sort::Newest => "Newest first",
            Sort::Oldest => "Oldest first",
            Sort::Name => "Name A–Z",
            Sort::Largest => "Largest first",
            Sort::Smallest => "Smallest first",
        }
    }

    /// Glance's `sort` (it adds the id itself as the last key, so pages never overlap).
    fn glance(self) -> &'static str {
        match self {
            Sort::Newest => "created_at:desc",
            Sort::Oldest => "created_at:asc",
            Sort::Name => "name:asc",
            Sort::Largest => "size:desc",
            Sort::Smallest => "size:asc",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct GalleryQuery {
    pub facet: Facet,
    /// Glance matches whole names only.
    pub name: String,
    pub status: String,
    pub visibility: String,
    pub disk_format: String,
    /// `os_distro`.
    pub os: String,
    pub sort: Sort,
    /// The table instead of cards.
    pub table: bool,
}

impl GalleryQuery {
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let text = |k: &str| get(k).map(|v| v.trim().to_string()).unwrap_or_default();
        GalleryQuery {
            facet: Facet::from_key(&text("facet")).unwrap_or_default(),
            name: text("name"),
            status: text("status"),
            visibility: text("visibility"),
            disk_format: text("disk_format"),
            os: text("os"),
            sort: Sort::ALL.into_iter().find(|s| s.key() == text("sort")).unwrap_or_default(),
            table: text("view") == "table",
        }
    }

    /// The panel URL of this view; defaults are left out to keep links short.
    pub fn url(&self) -> String {
        let or_empty = |default: bool, v: &str| if default { String::new() } else { v.to_string() };
        format!(
            "/images{}",
            query_string(&[
                ("facet", or_empty(self.facet == Facet::All, self.facet.key())),
                ("name", self.name.clone()),
                ("status", self.status.clone()),
                ("visibility", self.visibility.clone()),
                ("disk_format", self.disk_format.clone()),
                ("os", self.os.clone()),
                ("sort", or_empty(self.sort == Sort::Newest, self.sort.key())),
                ("view", or_empty(!self.table, "table")),
            ])
        )
    }

    /// Does the facet leave the visibility filter any say?
    pub fn visibility_free(&self) -> bool {
        !matches!(self.facet, Facet::Shared | Facet::Community)
    }

    /// The first page's request; later pages add Glance's marker.
    pub fn glance(&self) -> ImageQuery {
        let mut q = ImageQuery {
            limit: Some(PAGE_SIZE),
            name: self.name.clone(),
            status: self.status.clone(),
            visibility: if self.visibility_free() { self.visibility.clone() } else { String::new() },
            disk_format: self.disk_format.clone(),
            sort: self.sort.glance().into(),
            ..Default::default()
        };
        if !self.os.is_empty() {
            q.properties.push(("os_distro".into(), self.os.clone()));
        }
        self.facet.narrow(q)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn the_url_round_trips_the_view() {
        let q = GalleryQuery {
            facet: Facet::Snapshots,
            name: "web 1".into(),
            status: "active".into(),
            disk_format: "qcow2".into(),
            os: "ubuntu".into(),
            sort: Sort::Largest,
            table: true,
            ..Default::default()
        };
        let url = q.url();
        assert_eq!(url, "/images?facet=snapshots&name=web%201&status=active&disk_format=qcow2&os=ubuntu&sort=largest&view=table");
        let params: BTreeMap<&str, String> = url
            .split_once('?')
            .unwrap()
            .1
            .split('&')
            .map(|kv| kv.split_once('=').unwrap())
            .map(|(k, v)| (k, crate::api::decode_component(v)))
            .collect();
        assert_eq!(GalleryQuery::from_params(|k| params.get(k).cloned()), q);
        assert_eq!(GalleryQuery::default().url(), "/images");
        assert_eq!(GalleryQuery::from_params(|_| Some("bogus".into())).facet, Facet::All);
    }

    #[test]
    fn glance_gets_the_filters_and_the_facet() {
        let q = GalleryQuery { facet: Facet::Community, visibility: "private".into(), os: "debian".into(), ..Default::default() };
        let g = q.glance();
        assert_eq!((g.visibility.as_str(), g.limit, g.sort.as_str()), ("community", Some(PAGE_SIZE), "created_at:desc"));
        assert_eq!(g.properties, [("os_distro".to_string(), "debian".to_string())]);
        let mine = GalleryQuery { visibility: "private".into(), sort: Sort::Name, ..Default::default() }.glance();
        assert_eq!((mine.visibility.as_str(), mine.sort.as_str()), ("private", "name:asc"));
    }
}
