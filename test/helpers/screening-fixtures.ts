import type { TestApp } from './test-app.js'

/** A small register of two forces, with the docs/design.md example group among them. */
export const gmpWatchlist = {
  groups: [
    {
      ref: 'GMP-OCG-0117',
      name: "O'Connor family",
      aliases: ['Canal Street crew'],
      riskLevel: 'high',
      handling: "Do not award; contact the force's SOC unit quoting the reference.",
      notes: 'Informant reports cash drops at the yard',
      entities: [
        { type: 'person', name: "Danny O'Connor", aliases: ['Daniel Connor'], dateOfBirth: '1981-03-14', role: 'principal member' },
        {
          type: 'company',
          name: 'Northern Paving Solutions Limited',
          companyNumber: '09876543',
          addresses: [{ lines: ['Unit 4, Canal Street'], town: 'Salford', postcode: 'M5 4XJ' }],
        },
        { type: 'phone', value: '0161 496 0000' },
      ],
    },
    {
      ref: 'GMP-OCG-0200',
      name: 'Moss Side network',
      riskLevel: 'medium',
      handling: 'Refer to the force before award.',
      entities: [{ type: 'company', name: 'Rapid Skip Hire Ltd', companyNumber: 'SC123456' }],
    },
  ],
}

const metWatchlist = {
  groups: [
    {
      ref: 'MET-OCG-0001',
      name: 'Thames crew',
      riskLevel: 'high',
      handling: 'Contact Met SOCU.',
      entities: [{ type: 'company', name: 'Thameside Demolition Ltd', companyNumber: '01234567' }],
    },
  ],
}

export const examplePaving = {
  reference: 'TENDER-2026-0412/BID-17',
  supplier: {
    name: 'Northern Paving Solutions Ltd',
    tradingNames: ['NPS Groundworks'],
    companyNumber: '09876543',
    addresses: [{ lines: ['Unit 4, Canal Street'], town: 'Salford', postcode: 'M5 4XJ', country: 'GB' }],
    people: [{ name: "Daniel James O'Connor", dateOfBirth: '1981-03', role: 'director', nationality: 'GB' }],
    phones: ['0161 496 0000'],
    emails: ['accounts@northernpaving.example'],
    website: 'northernpaving.example',
  },
}

export const cleanSupplier = { supplier: { name: 'Bright Futures Nursery CIC', people: [{ name: 'Priya Shah', dateOfBirth: '1990-07' }] } }

/**
 * Two forces with one watchlist each, two councils; Salford shares with GMP only, Leeds with
 * nobody. Returns callers for each role.
 */
export async function seedRegister(ctx: TestApp) {
  const admin = ctx.as('platform', 'admin')
  for (const org of [
    { id: 'gmp', name: 'Greater Manchester Police', kind: 'police' },
    { id: 'met', name: 'Metropolitan Police', kind: 'police' },
    { id: 'salford', name: 'Salford City Council', kind: 'authority' },
    { id: 'leeds', name: 'Leeds City Council', kind: 'authority' },
  ]) {
    await admin({ method: 'POST', url: '/v1/organisations', payload: org })
  }
  const agreement = await admin({ method: 'POST', url: '/v1/sharing-agreements', payload: { policeOrgId: 'gmp', authorityOrgId: 'salford' } })
  for (const [force, content] of [
    ['gmp', gmpWatchlist],
    ['met', metWatchlist],
  ] as const) {
    const police = ctx.as(force, 'police')
    const created = await police({ method: 'POST', url: '/v1/watchlists', payload: { name: `${force} groups` } })
    const id = created.json<{ id: string }>().id
    const uploaded = await police({ method: 'PUT', url: `/v1/watchlists/${id}/content`, payload: content })
    if (uploaded.statusCode !== 201) throw new Error(`seed upload failed: ${uploaded.body}`)
  }
  return {
    admin,
    agreementId: agreement.json<{ id: string }>().id,
    salfordScreener: ctx.as('salford', 'screener'),
    salfordOfficer: ctx.as('salford', 'officer'),
    leedsOfficer: ctx.as('leeds', 'officer'),
    gmp: ctx.as('gmp', 'police'),
  }
}
