/** Port: the staff records' display names, by staff id (the staff context writes them). */
export interface StaffNames {
  namesById(): Promise<ReadonlyMap<string, string>>;
}
