"use client";
import { useEffect, useLayoutEffect } from "../deps.ts";

/**
 * `useLayoutEffect` in the browser (runs right after commit, before any message can be
 * delivered by a later task), `useEffect` on the server (where neither runs, without React 18's
 * server warning about layout effects).
 */
export const useIsomorphicLayoutEffect: typeof useLayoutEffect =
  typeof window === "undefined" ? useEffect : useLayoutEffect;
