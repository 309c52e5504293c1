/**
 * The demo's register and suppliers: fictional groups, companies and people (names, numbers and
 * addresses invented for the demo; phone numbers from Ofcom's drama range, e-mail domains under
 * `.example`), shaped as a force would upload them and as an e-procurement system would screen.
 */

export const DEMO_FORCE = { id: 'demo-police', name: 'Demoshire Police', kind: 'police' } as const
export const DEMO_COUNCIL = { id: 'demo-council', name: 'Demoshire County Council', kind: 'authority' } as const

/** A member the force adds after the council screened: the demo's alert. */
export const LATER_MEMBER = { type: 'person', name: 'Kevin Marsh', dateOfBirth: '1975-05-02', role: 'associate' } as const

export const demoWatchlist = {
  groups: [
    {
      ref: 'DEM-OCG-0117',
      name: "O'Connor family",
      aliases: ['Canal Street crew'],
      riskLevel: 'high',
      handling: "Do not award before speaking to the force's Serious and Organised Crime unit; quote the reference.",
      notes: 'Intelligence notes stay with the force: never shown to a council.',
      entities: [
        { type: 'person', name: "Danny O'Connor", aliases: ['Daniel Connor'], dateOfBirth: '1981-03-14', role: 'principal member' },
        {
          type: 'company',
          name: 'Northern Paving Solutions Limited',
          companyNumber: '09876543',
          addresses: [{ lines: ['Unit 4, Canal Street'], town: 'Salford', postcode: 'M5 4XJ' }],
        },
        { type: 'phone', value: '0161 496 0000' },
        { type: 'email', value: 'accounts@northernpaving.example' },
      ],
    },
    {
      ref: 'DEM-OCG-0200',
      name: 'Moss Side network',
      riskLevel: 'medium',
      handling: 'Refer to the force before award.',
      entities: [
        { type: 'company', name: 'Rapid Skip Hire Ltd', companyNumber: 'SC123456' },
        { type: 'person', name: 'Lee Brannigan', dateOfBirth: '1969-11', role: 'associate' },
      ],
    },
    {
      ref: 'DEM-OCG-0311',
      name: 'Harbour haulage ring',
      riskLevel: 'low',
      handling: 'Note on file; no action before award.',
      entities: [{ type: 'address', address: { lines: ['Dock Office, Quay Road'], town: 'Demouth', postcode: 'DM1 2QQ' } }],
    },
  ],
}

/** What the council's e-procurement system screens: two hits, three clean, one that a later upload makes a hit. */
export const demoSuppliers = [
  {
    reference: 'TENDER-0412/BID-17',
    supplier: {
      name: 'Northern Paving Solutions Ltd',
      companyNumber: '9876543',
      addresses: [{ lines: ['Unit 4, Canal Street'], town: 'Salford', postcode: 'M5 4XJ', country: 'GB' }],
      people: [{ name: "Daniel James O'Connor", dateOfBirth: '1981-03', role: 'director' }],
    },
  },
  { reference: 'TENDER-0412/BID-18', supplier: { name: 'Rapid Skip Hire Limited', people: [{ name: 'Lee Brannigan', dateOfBirth: '1969-11-23' }] } },
  { reference: 'TENDER-0412/BID-19', supplier: { name: 'Bright Futures Nursery CIC', people: [{ name: 'Priya Shah', dateOfBirth: '1990-07' }] } },
  { reference: 'TENDER-0415/BID-02', supplier: { name: 'Meadow Grounds Maintenance Ltd', companyNumber: '11223344' } },
  { reference: 'TENDER-0415/BID-03', supplier: { name: 'Castle Catering Services Ltd', phones: ['0113 496 0123'] } },
  {
    reference: 'TENDER-0415/BID-04',
    supplier: { name: 'Marsh Groundworks Ltd', people: [{ name: LATER_MEMBER.name, dateOfBirth: LATER_MEMBER.dateOfBirth, role: 'director' }] },
  },
]
