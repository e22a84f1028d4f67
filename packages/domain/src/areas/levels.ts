/** The levels of the administrative hierarchy and the length of each level's code. */
export const areaLevels = ["country", "province", "district", "commune"] as const;
export type AreaLevel = (typeof areaLevels)[number];

/** Digits of a unit code at each level of a list (GSO codes: 2, 3, 5). */
export const unitCodeLength: Readonly<Partial<Record<AreaLevel, number>>> = { province: 2, district: 3, commune: 5 };
