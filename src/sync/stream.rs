//! An export of every record beyond what a peer holds, written as it is
//! read (DESIGN.md §4): the header is planned from the change log first
//! (each device's seq range and count), so the lines can follow it at
//! once; they are handed over in chunks to a second thread, which takes
//! the checksum, gathers the file's bytes and writes them to the file
//! being made, while this one reads the log and writes the next lines.

use super::encode::Encoder;
use super::format::{FORMAT, Header, MAGIC, Purpose, SETTLES_FORMAT, Trailer, hex};
use crate::error::{Error, Result};
use crate::store::{Known, Store};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Write as _;
use std::sync::mpsc;

/// Lines are handed over in chunks of about this many bytes.
const CHUNK: usize = 1 << 20;

/// The file being made, and its path (for what an error names).
type Sink<'a> = Option<(&'a mut std::fs::File, &'a std::path::Path)>;

fn invalid(e: impl std::fmt::Display) -> Error {
    Error::Invalid(e.to_string())
}

/// The file of every record of `store` beyond `known`, and how many
/// records it holds; its bytes are also written to `to` as they come
/// (the trailer last). None when the records read did not match the plan
/// (a log naming a row or column the archive does not hold): the file is
/// then to be built the other way.
pub(super) fn build(store: &Store, known: &Known, purpose: Purpose, to: Sink<'_>) -> Result<Option<(Vec<u8>, usize)>> {
    let plan = store.plan_beyond(known)?;
    let devices: Vec<String> = plan.iter().map(|p| p.0.clone()).collect();
    let ranges: BTreeMap<usize, (i64, i64)> =
        plan.iter().enumerate().filter(|(_, p)| p.3 > 0).map(|(i, p)| (i, (p.1, p.2))).collect();
    let count: usize = plan.iter().map(|p| p.3).sum();
    let device = store.device();
    let settling = store.settles_beyond(known)?;
    let format = if settling { SETTLES_FORMAT } else { FORMAT };
    let header = Header {
        magic: MAGIC.to_string(),
        format,
        min_reader: format,
        app: env!("CARGO_PKG_VERSION").to_string(),
        schema: crate::store::LATEST_VERSION,
        dataset: device.dataset_id.clone(),
        sender: device.device_id.clone(),
        purpose,
        created_ms: store.clock().now().timestamp_millis(),
        devices: devices.clone(),
        ranges: ranges.clone(),
        count,
        known: store.known()?,
    };
    let mut head = serde_json::to_vec(&header).map_err(invalid)?;
    head.push(b'\n');
    let size = head.len() + count.saturating_mul(352) + 4096;
    let (full, gathered) = mpsc::sync_channel::<Vec<u8>>(4);
    let (spare, reuse) = mpsc::channel::<Vec<u8>>();
    std::thread::scope(|s| {
        let gather = s.spawn(move || -> Result<(Vec<u8>, Sha256, Sink<'_>)> {
            let mut to = to;
            let mut out = Vec::with_capacity(size);
            let mut hash = Sha256::new();
            for mut chunk in gathered {
                hash.update(&chunk);
                out.extend_from_slice(&chunk);
                if let Some((f, path)) = to.as_mut() {
                    f.write_all(&chunk).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
                }
                chunk.clear();
                // This side may have finished: the chunk is then dropped.
                let _ = spare.send(chunk);
            }
            Ok((out, hash, to))
        });
        let mut lines = Encoder::after_header(head, devices.clone());
        lines.out.reserve(CHUNK);
        let read = store.each_change_beyond(known, count, |r| {
            lines.push(r)?;
            if lines.out.len() >= CHUNK {
                let next = reuse.try_recv().unwrap_or_else(|_| Vec::with_capacity(CHUNK + CHUNK / 8));
                let chunk = std::mem::replace(&mut lines.out, next);
                // The other side stops only on a write error, said below.
                full.send(chunk).map_err(invalid)?;
            }
            Ok(())
        });
        let last = std::mem::take(&mut lines.out);
        let sent = full.send(last).map_err(invalid);
        drop(full);
        let (mut out, hash, to) =
            gather.join().map_err(|_| Error::Invalid("the export's writing thread stopped".into()))??;
        read?;
        sent?;
        if lines.count() != count || lines.ranges != ranges || lines.devices != devices || lines.settling != settling {
            return Ok(None);
        }
        let sha256 = hex(&hash.finalize());
        let trailer = serde_json::to_vec(&Trailer { end: MAGIC.to_string(), count, sha256 }).map_err(invalid)?;
        let at = out.len();
        out.extend_from_slice(&trailer);
        out.push(b'\n');
        if let Some((f, path)) = to {
            f.write_all(&out[at..]).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
        }
        Ok(Some((out, count)))
    })
}
