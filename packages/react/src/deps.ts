/**
 * Every runtime value this package takes from its dependencies, imported in one place.
 *
 * Why: esbuild (unlike Rollup) emits one `import` statement per importing module for an
 * external package, so each file importing `react` directly added its own statement to the
 * bundle (17 of them, 1 kB minified). Routing the values through this module leaves one
 * statement per package. Types are still imported straight from the packages (they are erased).
 * Internal: not exported from the package.
 */
export {
  isServer,
  MutationObserver,
  notifyManager,
  QueryClient,
  QueryObserver,
  replaceEqualDeep,
} from "@tanstack/query-core";
export { AbortError, messageInfo, requestArgs, ServerError, ValidationError } from "@typed-ws/client";
export {
  createContext,
  createElement,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useState,
  useSyncExternalStore,
} from "react";
