# Sijill runs its TypeScript sources directly (bin/sijill.js loads @swc-node/register),
# so the image needs no build stage.
FROM node:20-bookworm-slim

ENV NODE_ENV=production
WORKDIR /app

# Dependencies first, so that a change to the sources does not reinstall them.
# typescript and @swc/core are runtime dependencies here (not dev-only), so --omit=dev keeps them.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

COPY --chown=node:node . .
# PGlite's data directory, used only when DATABASE_URL is unset.
RUN mkdir -p /app/data && chown node:node /app/data

USER node
EXPOSE 3000
CMD ["node", "bin/sijill.js", "serve"]
