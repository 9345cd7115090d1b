declare module '*.sh?raw' {
	const texte: string;
	export default texte;
}
