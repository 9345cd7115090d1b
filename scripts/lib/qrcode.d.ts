// Minimal types for the `qrcode` npm package (it ships none): only what the workshop server uses.
declare module 'qrcode' {
	interface ToStringOptions {
		type?: 'svg' | 'terminal' | 'utf8';
		small?: boolean;
		margin?: number;
		errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H';
		color?: { dark?: string; light?: string };
	}
	const QRCode: { toString(text: string, options?: ToStringOptions): Promise<string> };
	export default QRCode;
}
