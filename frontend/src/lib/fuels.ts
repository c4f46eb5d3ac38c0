/** Readable labels for eGRID fuel codes (FUELG1, PLPRMFL); an unknown code reads as itself. */
const FUELS: Readonly<Record<string, string>> = {
  NUC: "Nuclear",
  NG: "Natural gas",
  BIT: "Coal (bituminous)",
  SUB: "Coal (subbituminous)",
  LIG: "Coal (lignite)",
  ANT: "Coal (anthracite)",
  RC: "Refined coal",
  WC: "Waste coal",
  SGC: "Coal-derived synthesis gas",
  WAT: "Hydro",
  WND: "Wind",
  SUN: "Solar",
  MWH: "Battery storage",
  GEO: "Geothermal",
  DFO: "Distillate fuel oil",
  RFO: "Residual fuel oil",
  JF: "Jet fuel",
  KER: "Kerosene",
  WO: "Waste oil",
  PC: "Petroleum coke",
  PG: "Propane",
  OG: "Other gas",
  BFG: "Blast furnace gas",
  SGP: "Synthesis gas from petroleum coke",
  PUR: "Purchased steam",
  WH: "Waste heat",
  WDS: "Wood",
  WDL: "Wood waste liquids",
  BLQ: "Black liquor",
  AB: "Agricultural by-products",
  OBS: "Other biomass solids",
  OBL: "Other biomass liquids",
  LFG: "Landfill gas",
  OBG: "Other biomass gas",
  MSW: "Municipal solid waste",
  MSB: "Municipal solid waste (biogenic)",
  MSN: "Municipal solid waste (non-biogenic)",
  TDF: "Tire-derived fuel",
  H2: "Hydrogen",
  OTH: "Other",
};

export function fuelLabel(code: string | null | undefined): string {
  if (!code) return "Unknown";
  return FUELS[code.toUpperCase()] ?? code;
}

/** A colour family per kind of fuel, shared by the table's dots and the chart's bars. */
export function fuelGroup(code: string | null | undefined): string {
  switch (code?.toUpperCase()) {
    case "NUC":
      return "nuclear";
    case "NG":
    case "OG":
    case "BFG":
    case "PG":
      return "gas";
    case "BIT":
    case "SUB":
    case "LIG":
    case "ANT":
    case "RC":
    case "WC":
    case "SGC":
      return "coal";
    case "WAT":
      return "hydro";
    case "WND":
      return "wind";
    case "SUN":
      return "solar";
    case "MWH":
      return "storage";
    case "DFO":
    case "RFO":
    case "JF":
    case "KER":
    case "WO":
    case "PC":
      return "oil";
    default:
      return "other";
  }
}

export const FUEL_GROUP_LABELS: Readonly<Record<string, string>> = {
  nuclear: "Nuclear",
  gas: "Gas",
  coal: "Coal",
  hydro: "Hydro",
  wind: "Wind",
  solar: "Solar",
  storage: "Battery storage",
  oil: "Oil",
  other: "Other",
};
