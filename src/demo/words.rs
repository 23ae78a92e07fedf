//! Word lists for demo company names, people, places and notes.

pub const NAME_FIRST: &[&str] = &[
    "Northwind",
    "Acme",
    "Globex",
    "Initech",
    "Contoso",
    "Fabrikam",
    "Tailspin",
    "Wingtip",
    "Litware",
    "Blue Yonder",
    "Proseware",
    "Lucerne",
    "Alpine",
    "Coho",
    "Fourth Coffee",
    "Margie's",
    "Adatum",
    "Trey",
    "Woodgrove",
    "Humongous",
    "Southridge",
    "Graphic Design",
    "Wide World",
    "Consolidated",
    "Tri-State",
    "Pinnacle",
    "Harbor",
    "Summit",
    "Redwood",
    "Granite",
    "Ironbridge",
    "Silverline",
    "Oakridge",
    "Bluewater",
    "Evergreen",
    "Keystone",
    "Lakeside",
    "Meridian",
    "Northstar",
    "Riverbend",
    "Sterling",
    "Westfield",
    "Bright",
    "Crescent",
    "Falcon",
    "Horizon",
    "Maple",
    "Orion",
    "Prairie",
    "Quarry",
];

pub const NAME_MIDDLE: &[&str] = &[
    "Traders",
    "Logistics",
    "Manufacturing",
    "Foods",
    "Engineering",
    "Supplies",
    "Textiles",
    "Electronics",
    "Hardware",
    "Packaging",
    "Freight",
    "Builders",
    "Plastics",
    "Printing",
    "Metals",
    "Furniture",
    "Chemicals",
    "Pharma",
    "Systems",
    "Components",
    "Marine",
    "Paper",
    "Tools",
    "Distribution",
    "Farms",
    "Breweries",
    "Interiors",
    "Motors",
    "Glass",
    "Lighting",
];

pub const NAME_SUFFIX: &[&str] =
    &["Ltd", "Inc", "LLC", "Corp", "Co", "GmbH", "Pty Ltd", "BV", "SA", "Group"];

pub const PLACES: &[&str] = &[
    "", "", "", "", "Pacific", "Atlantic", "Midwest", "Northern", "Eastern", "Western", "Central",
    "Coastal", "Valley", "Capital", "Metro", "National",
];

pub const FIRST_NAMES: &[&str] = &[
    "Jane", "John", "Maria", "Ahmed", "Li", "Priya", "Tom", "Sofia", "Lars", "Emma", "Noah",
    "Olivia", "Kenji", "Chloe", "Mateo", "Aisha", "Ben", "Hannah", "Lucas", "Mia", "Oscar",
    "Grace", "Ravi", "Zoe", "Felix", "Amelia", "Diego", "Ingrid", "Sam", "Yuki",
];

pub const LAST_NAMES: &[&str] = &[
    "Roe", "Smith", "Garcia", "Khan", "Wei", "Patel", "Brown", "Rossi", "Jensen", "Muller",
    "Taylor", "Martin", "Tanaka", "Dubois", "Lopez", "Okafor", "Walsh", "Schmidt", "Silva",
    "Nguyen", "Berg", "Clarke", "Iyer", "Evans", "Weber", "Hughes", "Ortiz", "Larsen", "Cohen",
    "Sato",
];

pub const CONTACT_ROLES: &[&str] = &["AP", "Controller", "Finance Manager", "Owner", "Purchasing"];

/// A country's time zones and phone prefix.
pub struct Country {
    pub timezones: &'static [&'static str],
    pub phone_prefix: &'static str,
    /// Weight out of the sum of weights.
    pub weight: u32,
}

pub const COUNTRIES: &[Country] = &[
    Country {
        timezones: &[
            "America/New_York",
            "America/Chicago",
            "America/Denver",
            "America/Los_Angeles",
        ],
        phone_prefix: "+1",
        weight: 50,
    },
    Country { timezones: &["America/Toronto", "America/Vancouver"], phone_prefix: "+1", weight: 8 },
    Country { timezones: &["Europe/London"], phone_prefix: "+44", weight: 12 },
    Country { timezones: &["Europe/Berlin"], phone_prefix: "+49", weight: 8 },
    Country { timezones: &["Europe/Paris"], phone_prefix: "+33", weight: 6 },
    Country { timezones: &["Australia/Sydney", "Australia/Perth"], phone_prefix: "+61", weight: 7 },
    Country { timezones: &["Asia/Singapore"], phone_prefix: "+65", weight: 4 },
    Country { timezones: &["Asia/Tokyo"], phone_prefix: "+81", weight: 5 },
];

pub const DISPUTE_REASONS: &[&str] =
    &["not received", "price", "quantity", "quality", "already paid", "other"];

/// Note templates; `{contact}`, `{invoice}`, `{amount}` and `{date}` are filled in.
pub const NOTES_PTP: &[&str] = &[
    "Spoke to {contact}. Agreed {amount} by {date}; read back the amount and date, confirmed.",
    "{contact} confirmed invoice {invoice} is approved; promised {amount} on {date}.",
    "Call with {contact}: cash flow tight this month, offered {amount} by {date}. Read back, agreed.",
];
pub const NOTES_RPC: &[&str] = &[
    "Spoke to {contact}. Invoice {invoice} is with their approver; asked for a date, none given yet.",
    "{contact} asked for a copy of invoice {invoice}; emailed it during the call.",
    "{contact} says payment run is on Thursdays; will check whether {invoice} is on it.",
    "Reviewed the open invoices with {contact}. No commitment today; calm call.",
];
pub const NOTES_LM: &[&str] = &[
    "Left voicemail for {contact} about invoice {invoice}; asked for a call back.",
    "No answer from {contact}; left a message with reception.",
];
pub const NOTES_NA: &[&str] =
    &["Rang {contact}, no answer.", "Line busy twice; try tomorrow morning."];
pub const NOTES_DISP: &[&str] = &[
    "{contact} disputes invoice {invoice}: says the goods arrived short. Sent to sales for proof of delivery.",
    "{contact} says invoice {invoice} was priced above the quote. Raised with account manager.",
];
pub const NOTES_CB: &[&str] = &[
    "{contact} in a meeting; asked us to call back this afternoon.",
    "{contact} asked for a call back once the controller is in.",
];
pub const NOTES_REF: &[&str] = &[
    "{contact} refused to pay invoice {invoice} until the service issue is fixed. Stayed calm, restated terms.",
];
