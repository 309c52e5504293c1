# Runs the service as `npm start` does; point DATABASE_URL at PostgreSQL in production.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY tsconfig.json openapi.yaml ./
COPY src ./src
COPY migrations ./migrations
USER node
EXPOSE 3000
ENV HOST=0.0.0.0 PORT=3000
CMD ["npm", "start"]
