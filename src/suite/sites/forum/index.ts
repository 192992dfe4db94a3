/**
 * The forum site of the built-in suite: a Reddit/Postmill-like discussion board with subforums,
 * sorted and paged post lists, nested comments, voting, posting, search, profiles and settings.
 * @module
 */
import type { SiteDefinition } from '../../site.ts';
import { seedState } from './state.ts';
import type { ForumState } from './state.ts';
import { browseRoutes } from './routes-browse.ts';
import { writeRoutes } from './routes-write.ts';

export type { Comment, ForumState, ForumUser, Post, Subforum } from './state.ts';
export { seedState as seedForumState } from './state.ts';

/** The forum site definition (serve it with `serveSites([forumSite])`). */
export const forumSite: SiteDefinition<ForumState> = {
  name: 'forum',
  seedState,
  routes: (app) => {
    writeRoutes(app);
    browseRoutes(app);
  },
  probe: (state) => {
    const { flash: _flash, ...rest } = state;
    return rest;
  },
};
