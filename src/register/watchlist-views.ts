import type { Watchlist, WatchlistVersion } from '../db/database.js'

export interface WatchlistVersionView {
  watchlistId: string
  version: number
  registerVersion: number
  format: 'json' | 'csv'
  sha256: string
  counts: { groups: number; entities: number; byType: Record<string, number> }
  uploadedBy: string
  uploadedAt: string
}

export interface WatchlistView {
  id: string
  orgId: string
  name: string
  description: string | null
  currentVersion: WatchlistVersionView | null
  createdAt: string
  updatedAt: string
}

export function versionView(row: WatchlistVersion): WatchlistVersionView {
  return {
    watchlistId: row.watchlist_id,
    version: row.version,
    registerVersion: row.register_version,
    format: row.format,
    sha256: row.content_sha256,
    counts: { groups: row.group_count, entities: row.entity_count, byType: row.counts_by_type },
    uploadedBy: row.uploaded_by,
    uploadedAt: row.uploaded_at.toISOString(),
  }
}

export function watchlistView(row: Watchlist, current: WatchlistVersion | undefined): WatchlistView {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    description: row.description,
    currentVersion: current ? versionView(current) : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}
