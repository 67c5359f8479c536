/**
 * `@typed-ws/react/topics`: `useSubscription`, the React binding of `@typed-ws/client/topics`,
 * opt-in as that entry is — an app that never imports it bundles no topic code.
 *
 * ```tsx
 * import { useSubscription } from "@typed-ws/react/topics";
 * useSubscription(Room({ roomId }), { onMessage: (msg) => show(msg) });
 * ```
 */
export type { UseSubscriptionOptions, UseSubscriptionResult } from "./hooks/use-subscription.ts";
export { useSubscription } from "./hooks/use-subscription.ts";
