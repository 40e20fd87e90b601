//! The admin's devices, grouped by account: each account's phones with its
//! last sync, and the sign-ins of one browser that never synced gathered
//! into one line ("同一浏览器登录 N 次，从未同步") that can be revoked
//! together. A browser that signs in again and again (a cleared storage, a
//! private window) registers a new device each time; the list would
//! otherwise show a column of identical never-synced phones.
#![deny(missing_docs)]

use crate::account::DeviceInfo;
use crate::lang::Lang;
use uuid::Uuid;

/// One account's devices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountDevices<'a> {
    /// The account.
    pub user_id: Uuid,
    /// Its username.
    pub username: &'a str,
    /// Its newest sync on any device.
    pub last_sync_ms: Option<i64>,
    /// Its devices shown one by one, in the list's order (latest sync first).
    pub devices: Vec<&'a DeviceInfo>,
    /// Never-synced sign-ins of one browser (same label), two or more each.
    pub repeated: Vec<RepeatedSignIns<'a>>,
}

/// Two or more never-synced, unrevoked devices of one account with one label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepeatedSignIns<'a> {
    /// The label (the browser's model) they share.
    pub label: &'a str,
    /// The devices, in the list's order.
    pub devices: Vec<&'a DeviceInfo>,
}

impl RepeatedSignIns<'_> {
    /// "同一浏览器登录 N 次，从未同步".
    pub fn explanation(&self, lang: Lang) -> String {
        let n = self.devices.len();
        match lang {
            Lang::Zh => format!("同一浏览器登录 {n} 次，从未同步"),
            Lang::En => format!("Signed in {n} times from one browser, never synced"),
        }
    }
}

/// Whether `d` has never synced and is not revoked: what the admin's
/// "revoke the never-synced" removes.
pub fn never_synced(d: &DeviceInfo) -> bool {
    d.last_sync_ms.is_none() && !d.revoked
}

/// `devices` (as listed: latest sync first) grouped by account, accounts
/// by username.
pub fn group_by_account(devices: &[DeviceInfo]) -> Vec<AccountDevices<'_>> {
    let mut out: Vec<AccountDevices> = Vec::new();
    for d in devices {
        let i = match out.iter().position(|a| a.user_id == d.user_id) {
            Some(i) => i,
            None => {
                out.push(AccountDevices {
                    user_id: d.user_id,
                    username: &d.username,
                    last_sync_ms: None,
                    devices: Vec::new(),
                    repeated: Vec::new(),
                });
                out.len() - 1
            }
        };
        let account = &mut out[i];
        account.last_sync_ms = account.last_sync_ms.max(d.last_sync_ms);
        account.devices.push(d);
    }
    for account in &mut out {
        let mut labels: Vec<&str> = Vec::new();
        for d in account.devices.iter().filter(|d| never_synced(d)) {
            if !labels.contains(&d.label.as_str()) {
                labels.push(&d.label);
            }
        }
        for label in labels {
            let same: Vec<&DeviceInfo> = account
                .devices
                .iter()
                .copied()
                .filter(|d| never_synced(d) && d.label == label)
                .collect();
            if same.len() >= 2 {
                account
                    .devices
                    .retain(|d| !(never_synced(d) && d.label == label));
                account.repeated.push(RepeatedSignIns {
                    label,
                    devices: same,
                });
            }
        }
    }
    out.sort_by(|a, b| a.username.cmp(b.username));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(user: u128, name: &str, label: &str, sync: Option<i64>, revoked: bool) -> DeviceInfo {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        DeviceInfo {
            id: Uuid::from_u128((user << 64) | u128::from(n)),
            user_id: Uuid::from_u128(user),
            username: name.into(),
            label: label.into(),
            registered_ms: 0,
            last_sync_ms: sync,
            revoked,
            stale: false,
        }
    }

    #[test]
    fn accounts_with_their_phones_and_repeated_sign_ins_gathered() {
        let list = vec![
            device(2, "xiaojing", "Android · Chrome 120", Some(500), false),
            device(1, "hewan", "iPhone · Safari 17", Some(400), false),
            device(1, "hewan", "Linux · Chrome 140", None, false),
            device(1, "hewan", "Linux · Chrome 140", None, false),
            device(1, "hewan", "Linux · Chrome 140", None, false),
            device(1, "hewan", "Linux · Chrome 140", None, true),
            device(1, "hewan", "微信", None, false),
        ];
        let groups = group_by_account(&list);
        assert_eq!(groups.len(), 2);
        let hewan = &groups[0];
        assert_eq!(hewan.username, "hewan");
        assert_eq!(hewan.last_sync_ms, Some(400));
        assert_eq!(hewan.repeated.len(), 1);
        assert_eq!(
            hewan.repeated[0].devices.len(),
            3,
            "the revoked one stays apart"
        );
        assert_eq!(
            hewan.repeated[0].explanation(Lang::Zh),
            "同一浏览器登录 3 次，从未同步"
        );
        let shown: Vec<&str> = hewan.devices.iter().map(|d| d.label.as_str()).collect();
        assert_eq!(
            shown,
            vec!["iPhone · Safari 17", "Linux · Chrome 140", "微信"]
        );
        assert_eq!(groups[1].devices.len(), 1);
        assert!(groups[1].repeated.is_empty());
    }
}
