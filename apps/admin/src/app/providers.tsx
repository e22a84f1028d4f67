"use client";

import { createTheme, MantineProvider, Modal, PasswordInput } from "@mantine/core";
import { DateInput, DatesProvider } from "@mantine/dates";
import { Dropzone } from "@mantine/dropzone";
import "dayjs/locale/vi";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useLocale, useTranslations } from "next-intl";
import { useMemo, useState, type ReactNode } from "react";

/**
 * Teal at its darkest shade for filled buttons, links and active items: white on teal.9 is 5.0:1,
 * teal.6 (Mantine's default) only 2.5:1 (WCAG 2.1 AA asks 4.5:1 for text).
 */
const baseTheme = createTheme({
  primaryColor: "teal",
  primaryShade: { light: 9, dark: 7 },
  defaultRadius: "sm",
  colors: {
    // Mantine's orange with a darker last shade: #d9480f was 4.3:1 on white, this is 6.1:1.
    orange: ["#fff4e6", "#ffe8cc", "#ffd8a8", "#ffc078", "#ffa94d", "#ff922b", "#fd7e14", "#f76707", "#e8590c", "#b03a0c"],
  },
});

/**
 * Names for the controls Mantine draws as icons only, in the reader's language (its defaults are
 * none, or English): a modal's close button, the password's show/hide, the file input, a
 * calendar's previous and next controls (the month and year headers are named by their text). Outside days are hidden (faded, they failed contrast).
 */
function useTheme() {
  const t = useTranslations("app.a11y");
  const locale = useLocale();
  return useMemo(
    () =>
      createTheme({
        ...baseTheme,
        components: {
          Modal: Modal.extend({ defaultProps: { closeButtonProps: { "aria-label": t("close") } } }),
          PasswordInput: PasswordInput.extend({ defaultProps: { visibilityToggleButtonProps: { "aria-label": t("togglePassword") } } }),
          Dropzone: Dropzone.extend({ defaultProps: { inputProps: { "aria-label": t("chooseFile") } } }),
          DateInput: DateInput.extend({
            defaultProps: {
              hideOutsideDates: true,
              ariaLabels: {
                previousMonth: t("previousMonth"),
                nextMonth: t("nextMonth"),
                previousYear: t("previousYear"),
                nextYear: t("nextYear"),
                previousDecade: t("previousDecade"),
                nextDecade: t("nextDecade"),
              },
            },
          }),
        },
      }),
    // The names change with the language only.
    [t, locale],
  );
}

export function Providers({ children }: { children: ReactNode }) {
  const locale = useLocale();
  const theme = useTheme();
  const [queryClient] = useState(() => {
    // A session that ended (expired, signed out elsewhere, account disabled) sends the user to
    // sign in again, back to the same page afterwards. `me` answers null instead of failing.
    const onError = (e: unknown) => {
      if (e instanceof TRPCClientError && e.data?.code === "UNAUTHORIZED" && !/^\/(sign-in|calculator)/.test(window.location.pathname)) {
        window.location.assign(`/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
      }
    };
    return new QueryClient({
      queryCache: new QueryCache({ onError }),
      mutationCache: new MutationCache({ onError }),
      defaultOptions: {
        queries: {
          staleTime: 30_000,
          retry: (n, e) => !(e instanceof TRPCClientError && typeof e.data?.httpStatus === "number" && e.data.httpStatus < 500) && n < 1,
        },
      },
    });
  });
  return (
    <MantineProvider theme={theme}>
      {/* Calendars in the reader's language, weeks from Monday; dates typed dd/MM/yyyy (DateField). */}
      <DatesProvider settings={{ locale, firstDayOfWeek: 1 }}>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  );
}
