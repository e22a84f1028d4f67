import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { voluntaryContributionInputSchema } from "@ansinh/domain/contributions";
import { DomainError } from "@ansinh/domain/errors";
import { parseOrThrow } from "@ansinh/domain/validation";
import { apiError, errorBody, httpStatusOf, readableMessage } from "../src/errors.js";

describe("the one table from error codes to HTTP status", () => {
  it.each([
    ["CONTRIBUTION.INCOME_BELOW_FLOOR", 400],
    ["INPUT.INVALID", 400],
    ["AREAS.NOT_FOUND", 404],
    ["USER.NOT_FOUND", 404],
    ["NOT_FOUND", 404],
    ["FORBIDDEN", 403],
    ["UNAUTHORIZED", 401],
    ["USER.EMAIL_TAKEN", 409],
    ["TOO_MANY_REQUESTS", 429],
    ["INTERNAL", 500],
  ])("%s → %i", (code, status) => {
    expect(httpStatusOf(code)).toBe(status);
  });
});

describe("errorBody", () => {
  it("passes a domain error's code and issues through", () => {
    const e = apiError("USER.NOT_FOUND", "Không tìm thấy người dùng", "No such user");
    expect(e.code).toBe("NOT_FOUND");
    expect(errorBody(e, undefined)).toEqual({ code: "USER.NOT_FOUND", issues: [{ path: [], vi: "Không tìm thấy người dùng", en: "No such user" }] });
  });

  it("turns a tRPC input ZodError into per-field issues, naming what was received", () => {
    const input = { paymentDate: "2026-08-01", monthlyIncome: "3000000", supportGroup: [], plan: { kind: "periodic", months: 1 } };
    const r = voluntaryContributionInputSchema.safeParse(input);
    const body = errorBody(new TRPCError({ code: "BAD_REQUEST", cause: r.error }), input);
    expect(body.code).toBe("INPUT.INVALID");
    expect(body.issues).toContainEqual({
      path: ["monthlyIncome"],
      vi: 'Thu nhập tháng phải là số nguyên đồng lớn hơn 0 (nhận được: chuỗi "3000000")',
      en: 'The monthly income must be a whole number of đồng above 0 (got a string "3000000")',
    });
    expect(body.issues).toContainEqual({ path: ["supportGroups"], vi: "Thiếu giá trị bắt buộc", en: "Required, but missing" });
    expect(body.issues).toContainEqual({ path: ["supportGroup"], vi: "Trường không được biết (viết sai tên?)", en: "Unknown key (misspelt?)" });
  });

  it("never passes an internal error's text on", () => {
    const body = errorBody(new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "relation users does not exist" }), undefined);
    expect(body).toEqual({ code: "INTERNAL", issues: [{ path: [], vi: "Lỗi hệ thống, vui lòng thử lại", en: "Internal error, please try again" }] });
    expect(readableMessage(body)).toBe("Lỗi hệ thống, vui lòng thử lại / Internal error, please try again");
  });

  it("keeps the code of a DomainError thrown by parseOrThrow", () => {
    let caught: unknown;
    try {
      parseOrThrow(voluntaryContributionInputSchema, undefined, "CONTRIBUTION.INVALID_INPUT");
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect(errorBody(new TRPCError({ code: "BAD_REQUEST", cause: caught as Error }), undefined).code).toBe("CONTRIBUTION.INVALID_INPUT");
  });
});
