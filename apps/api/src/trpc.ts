import { initTRPC, TRPCError } from "@trpc/server";
import type { Db } from "@ansinh/db";
import { isDomainError } from "@ansinh/domain/errors";
import { ZodError } from "zod";

export interface Context {
  db: Db;
}

/** Domain error codes that mean "no such thing" rather than "bad input". */
const notFoundCodes = /\.NOT_FOUND$/;

function zodMessage(error: ZodError): string {
  return error.issues
    .map((i) => (i.path.length > 0 ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const domain = isDomainError(cause) ? { code: cause.code, vi: cause.messageVi, en: cause.messageEn } : null;
    const zod = cause instanceof ZodError ? zodMessage(cause) : null;
    // Never leak an internal error's text or stack to the client.
    const internal = error.code === "INTERNAL_SERVER_ERROR";
    return {
      ...shape,
      message: internal ? "Lỗi hệ thống, vui lòng thử lại / Internal error, please try again" : (zod ?? shape.message),
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        domainCode: domain?.code ?? null,
        messages: domain ? { vi: domain.vi, en: domain.en } : null,
      },
    };
  },
});

/** The one place where domain failures become tRPC errors (4xx, with both languages). */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isDomainError(result.error.cause)) {
    const cause = result.error.cause;
    throw new TRPCError({
      code: notFoundCodes.test(cause.code) ? "NOT_FOUND" : "BAD_REQUEST",
      message: cause.message,
      cause,
    });
  }
  return result;
});

export const router = t.router;
export const publicProcedure = t.procedure.use(mapDomainErrors);
export const createCallerFactory = t.createCallerFactory;
