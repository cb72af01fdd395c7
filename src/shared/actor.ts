/** Who is asking: a person in a workspace. Every use case that acts for someone takes one. */
export type Actor = { workspaceId: string; userId: string };
