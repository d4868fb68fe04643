// Replaced by the database template builder once packages/db lands.
export default async function setup(): Promise<void> {}
