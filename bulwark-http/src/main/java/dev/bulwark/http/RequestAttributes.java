package dev.bulwark.http;

import io.javalin.http.Context;

/** Names of the request attributes the pipeline sets, and typed access to them. */
public final class RequestAttributes {

    public static final String REQUEST_ID = "bulwark.requestId";
    public static final String CLIENT_ADDRESS = "bulwark.clientAddress";
    /** The client's key for limits and blocks: its address, or for IPv6 its /64 (see ClientAddressResolver#key). */
    public static final String CLIENT_KEY = "bulwark.clientKey";
    public static final String PRINCIPAL = "bulwark.principal";
    public static final String SECURE = "bulwark.secure";
    public static final String PATH = "bulwark.path";

    private RequestAttributes() {
    }

    public static String clientAddress(Context ctx) {
        String address = ctx.attribute(CLIENT_ADDRESS);
        return address != null ? address : ctx.ip();
    }

    public static String clientKey(Context ctx) {
        String key = ctx.attribute(CLIENT_KEY);
        return key != null ? key : clientAddress(ctx);
    }

    /** The request path in the canonical form of {@link RequestPaths}, computed once per request. */
    public static String normalisedPath(Context ctx) {
        String path = ctx.attribute(PATH);
        if (path == null) {
            path = RequestPaths.normalise(ctx.path());
            ctx.attribute(PATH, path);
        }
        return path;
    }

    public static Principal principalOrNull(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }

    /** The authenticated caller; 401 when there is none. */
    public static Principal requirePrincipal(Context ctx) {
        Principal principal = principalOrNull(ctx);
        if (principal == null) {
            throw ProblemException.unauthenticated();
        }
        return principal;
    }
}
