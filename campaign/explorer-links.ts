import { urlUnder } from '../lib/endpoint.js';

/** The explorer's pages under the web app's public URL: what reports and the Temporal memo link to. */
export const explorerUrl = (publicUrl: string, campaignId: string): string => urlUnder(publicUrl, `explore/c/${encodeURIComponent(campaignId)}`).href;

/** A campaign's question list, filtered by a query string (`?category=MK…` or empty). */
export const explorerQuestionsUrl = (publicUrl: string, campaignId: string, query = ''): string => `${urlUnder(publicUrl, `explore/c/${encodeURIComponent(campaignId)}/questions`).href}${query}`;
