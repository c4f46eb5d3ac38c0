/** Readable labels for a generator's prime mover (PRMVR) and status (GENSTAT); unknown codes read as themselves. */
const PRIME_MOVERS: Readonly<Record<string, string>> = {
  ST: "Steam turbine",
  GT: "Combustion turbine",
  CT: "Combined cycle (combustion part)",
  CA: "Combined cycle (steam part)",
  CS: "Combined cycle (single shaft)",
  CC: "Combined cycle",
  IC: "Internal combustion engine",
  HY: "Hydraulic turbine",
  PS: "Pumped storage",
  WT: "Wind turbine (onshore)",
  WS: "Wind turbine (offshore)",
  PV: "Photovoltaic",
  CP: "Concentrated solar",
  BA: "Battery",
  FC: "Fuel cell",
  FW: "Flywheel",
  CE: "Compressed air storage",
  BT: "Binary cycle turbine",
  OT: "Other",
};

const STATUSES: Readonly<Record<string, string>> = {
  OP: "Operating",
  SB: "Standby",
  OS: "Out of service",
  OA: "Out of service (temporary)",
  RE: "Retired",
  CN: "Cancelled",
  P: "Planned",
  TS: "Testing",
  V: "Under construction",
};

function label(table: Readonly<Record<string, string>>, code: string | null | undefined): string {
  if (!code) return "Unknown";
  return table[code.toUpperCase()] ?? code;
}

export const primeMoverLabel = (code: string | null | undefined): string => label(PRIME_MOVERS, code);
export const statusLabel = (code: string | null | undefined): string => label(STATUSES, code);
