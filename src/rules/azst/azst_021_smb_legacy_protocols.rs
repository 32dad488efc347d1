//! AZST-021: file accounts whose SMB settings allow legacy versions or weak channel encryption.

use crate::rules::check;
use crate::rules::shape::Resource;
use crate::rules::shape::list::separated;
use crate::snapshot::storage::Service;
use serde_json::json;

const VERSIONS: &[&str] = &["SMB3.1.1"];
const CHANNEL_ENCRYPTION: &[&str] = &["AES-256-GCM"];

pub const CHECK: crate::rules::Check = check!("azst", "AZST-021",
sources: [StorageAccounts, StorageFileService],
run: |s, out| super::each_service(out, s, Service::File, |a| &a.file_service,
    |out, account, file| {
        // Null means every version or algorithm is allowed.
        let weak = |value: Option<&str>, allowed: &[&str]| -> Option<Vec<String>> {
            let value = value?;
            Some(separated(value, &[';', ','])
                .filter(|v| !allowed.iter().any(|a| a.eq_ignore_ascii_case(v)))
                .map(str::to_string)
                .collect())
        };
        let versions = file.smb_versions.as_deref();
        let channel = file.smb_channel_encryption.as_deref();
        let mut problems = Vec::new();
        match weak(versions, VERSIONS) {
            None => problems.push("protocolSettings.smb.versions is not set (every SMB version allowed)".to_string()),
            Some(extra) if !extra.is_empty() => problems.push(format!("protocolSettings.smb.versions allows {}", extra.join(", "))),
            Some(_) => {}
        }
        match weak(channel, CHANNEL_ENCRYPTION) {
            None => problems.push("protocolSettings.smb.channelEncryption is not set (every algorithm allowed)".to_string()),
            Some(extra) if !extra.is_empty() => problems.push(format!("protocolSettings.smb.channelEncryption allows {}", extra.join(", "))),
            Some(_) => {}
        }
        let evidence = json!({
            "protocolSettings.smb.versions": versions,
            "protocolSettings.smb.channelEncryption": channel,
        });
        let message = if problems.is_empty() {
            format!("{}: SMB allows only {} with {}", account.label(),
                versions.unwrap_or_default(), channel.unwrap_or_default())
        } else {
            format!("{}: {}", account.label(), problems.join("; "))
        };
        out.judge(problems.is_empty(), account.subject(), message, evidence);
    }));
